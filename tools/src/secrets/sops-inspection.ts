import { parseDocument } from 'yaml';
import { isEncryptedValue, parseEncryptedValue } from './sops-cipher.ts';
import { sopsEncryptedRegex } from './sops-document.ts';

/** What can be read from a SOPS Secret file without its key: keys are visible, values are not. */
export interface SopsSecretInspection {
  readonly kind: unknown;
  readonly name: unknown;
  readonly namespace: unknown;
  /** Keys of `data` and `stringData`. */
  readonly keys: readonly string[];
  /** Keys whose value is not an `ENC[AES256_GCM,…]` string: in clear in git. */
  readonly plaintextKeys: readonly string[];
  /** Encrypted values sops stored as another type than a string (`type:int` for `0x1F` typed unquoted in `sops edit`), with that type. */
  readonly nonStringKeys: readonly (readonly [key: string, type: string])[];
  /** `sops.age[].recipient`; undefined when there is no sops metadata at all. */
  readonly recipients: readonly string[] | undefined;
  readonly hasMac: boolean;
  readonly encryptedRegex: unknown;
}

export function inspectSopsSecret(text: string): SopsSecretInspection {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`not valid YAML: ${document.errors[0]!.message}`);
  const value = (document.toJSON() ?? {}) as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
    data?: Record<string, unknown>;
    stringData?: Record<string, unknown>;
    sops?: { age?: { recipient?: unknown }[]; mac?: unknown; encrypted_regex?: unknown };
  };
  const entries = [...Object.entries(value.data ?? {}), ...Object.entries(value.stringData ?? {})];
  return {
    kind: value.kind,
    name: value.metadata?.name,
    namespace: value.metadata?.namespace,
    keys: entries.map(([key]) => key),
    plaintextKeys: entries.filter(([, entry]) => !isEncryptedValue(entry)).map(([key]) => key),
    nonStringKeys: entries.flatMap(([key, entry]) => (isEncryptedValue(entry) && parseEncryptedValue(entry).type !== 'str' ? [[key, parseEncryptedValue(entry).type] as const] : [])),
    recipients: value.sops ? (value.sops.age ?? []).map((stanza) => String(stanza.recipient)) : undefined,
    hasMac: isEncryptedValue(value.sops?.mac),
    encryptedRegex: value.sops?.encrypted_regex,
  };
}

export interface SopsExpectation {
  readonly file: string;
  readonly name: string;
  readonly namespace: string;
  readonly keys: readonly string[];
  readonly recipients: readonly string[];
}

/** Every way a SOPS Secret file falls short of what the secret contract and the environment expect. */
export function sopsSecretProblems(text: string, expected: SopsExpectation): string[] {
  let inspection: SopsSecretInspection;
  try {
    inspection = inspectSopsSecret(text);
  } catch (error) {
    return [`${expected.file}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const at = (problem: string) => problems.push(`${expected.file}: ${problem}`);
  if (inspection.kind !== 'Secret') at(`is a ${String(inspection.kind)}, expected a Secret`);
  if (inspection.name !== expected.name || inspection.namespace !== expected.namespace) {
    at(`is Secret ${String(inspection.namespace)}/${String(inspection.name)}, expected ${expected.namespace}/${expected.name}`);
  }
  if (inspection.recipients === undefined) {
    at('is not encrypted (no sops metadata): a plaintext Secret must never be committed; encrypt it with `o4g secrets set` or `sops --encrypt --in-place`');
    return problems;
  }
  if (inspection.plaintextKeys.length > 0) at(`has values in clear: ${inspection.plaintextKeys.join(', ')}`);
  if (inspection.nonStringKeys.length > 0) {
    at(
      `has values sops stores as another type than a string, which Kubernetes refuses in a Secret: ${inspection.nonStringKeys.map(([key, type]) => `${key} (${type})`).join(', ')}. ` +
        'fix: quote them in `sops edit` ("0x1F", not 0x1F), or set them again with `o4g secrets set`',
    );
  }
  if (!inspection.hasMac) at('has no encrypted sops.mac: it was not written by sops');
  if (inspection.encryptedRegex !== sopsEncryptedRegex) at(`encrypts ${JSON.stringify(inspection.encryptedRegex)}, expected the creation rule's ${sopsEncryptedRegex}`);
  const missingKeys = expected.keys.filter((key) => !inspection.keys.includes(key));
  if (missingKeys.length > 0) at(`lacks the keys ${missingKeys.join(', ')}`);
  const missingRecipients = expected.recipients.filter((recipient) => !inspection.recipients!.includes(recipient));
  const unknownRecipients = inspection.recipients.filter((recipient) => !expected.recipients.includes(recipient));
  if (missingRecipients.length > 0 || unknownRecipients.length > 0) {
    at(
      `is encrypted to ${inspection.recipients.join(', ') || 'nobody'}, the environment's recipients are ${expected.recipients.join(', ') || 'none'}: re-encrypt it: sops updatekeys -y ${expected.file} (docs/runbooks/secrets.md)`,
    );
  }
  return problems;
}
