import type { Decision } from './decision.ts';
import type { AlertReceiverSettings, Decisions, EnvironmentSettings, S3Encryption, SecretBackend } from './environment.ts';

/**
 * The settings whose value is one of several variants told apart by a discriminant key (a union
 * type in environment.ts). Each variant has its own keys; the defaults tree shows only one of
 * them, so the others are declared here, and the compiler checks each declaration against the
 * type: a path that is not a setting of that type, a variant missing or a key missing or extra is
 * a compile error. The merge replaces these settings whole (an override never makes a hybrid of
 * two variants); the unknown-key check reads each variant's own keys. No other object is special.
 */
export interface VariantSetting {
  readonly path: string;
  readonly discriminant: string;
  /** Per value of the discriminant, the other keys of that variant. */
  readonly variants: Readonly<Record<string, Readonly<Record<string, true>>>>;
}

/** Dotted paths of the settings of T whose value is a U. */
type PathsTo<T, U, Prefix extends string = ''> = T extends U
  ? Prefix
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { [K in keyof T & string]-?: PathsTo<Exclude<T[K], undefined>, U, Prefix extends '' ? K : `${Prefix}.${K}`> }[keyof T & string]
      : never;

type KeySet<T> = { readonly [K in keyof T]-?: true };
type VariantKeySets<U, D extends keyof U> = { readonly [V in U[D] & string]: KeySet<Omit<Extract<U, Record<D, V>>, D>> };

function variantSetting<U>() {
  return <D extends keyof U & string>(path: PathsTo<EnvironmentSettings, U>, discriminant: D, variants: VariantKeySets<U, D>): VariantSetting => ({
    path,
    discriminant,
    variants,
  });
}

const decisionNames: { readonly [K in keyof Decisions]-?: true } = { mysqlVersion: true, s3: true, fqdn: true, recoveryObjectives: true, restoreTestFrequency: true };

export const variantSettings: readonly VariantSetting[] = [
  variantSetting<SecretBackend>()('secrets', 'kind', { sops: {}, vault: { clusterSecretStore: true, pathPrefix: true } }),
  ...(Object.keys(decisionNames) as (keyof Decisions)[]).map((name) =>
    variantSetting<Decision<unknown>>()(`decisions.${name}`, 'status', { locked: { value: true }, open: { value: true, question: true } }),
  ),
  variantSetting<S3Encryption>()('decisions.s3.value.encryption', 'mode', { 'SSE-S3': {}, 'SSE-KMS': { kmsKeyId: true } }),
  variantSetting<AlertReceiverSettings>()('observability.alertReceiver', 'kind', { email: { to: true, from: true, smarthost: true, username: true }, webhook: {} }),
];

const byPath = new Map(variantSettings.map((setting) => [setting.path, setting]));

/** The variant setting at a dotted path, if that setting is one. */
export function variantSettingAt(path: string): VariantSetting | undefined {
  return byPath.get(path);
}
