import { type SecretRequirement, sopsSecretFile } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import type { RenderedEnvironment } from '../engine/render.ts';

/** Where a Secret of the contract comes from in one environment, read from the render itself. */
export type SecretSource =
  | { readonly kind: 'sops'; readonly file: string }
  | {
      readonly kind: 'vault';
      /** The ClusterSecretStore the ExternalSecret reads through. */
      readonly store: string;
      /** The path `vault kv put` takes: the store's KV mount, then the ExternalSecret's remoteRef key. */
      readonly path: string;
      /** The properties the ExternalSecret reads at that path. */
      readonly properties: readonly string[];
    };

export interface SecretEntry {
  readonly environment: string;
  /** The unit whose Flux Kustomization carries the Secret, e.g. apps/mysql/database. */
  readonly unit: string;
  readonly requirement: SecretRequirement;
  readonly source: SecretSource;
}

/** How the environment's ClusterSecretStores log into Vault (from the rendered stores). */
export interface VaultStore {
  readonly name: string;
  readonly server: string;
  readonly kvMount: string;
  readonly authMountPath: string;
  readonly role: string;
}

interface RenderedExternalSecret {
  spec: { secretStoreRef: { name: string }; data?: { remoteRef: { key: string; property?: string } }[] };
}

interface RenderedVaultStore {
  spec: { provider: { vault: { server: string; path: string; auth: { kubernetes: { mountPath: string; role: string } } } } };
}

export function vaultStoresOf(render: RenderedEnvironment): VaultStore[] {
  return render.units
    .flatMap((unit) => unit.objects)
    .filter((object) => object.kind === 'ClusterSecretStore')
    .map((object) => {
      const { vault } = (object as unknown as RenderedVaultStore).spec.provider;
      return { name: object.metadata.name, server: vault.server, kvMount: vault.path, authMountPath: vault.auth.kubernetes.mountPath, role: vault.auth.kubernetes.role };
    });
}

function vaultSourceOf(externalSecret: PlainObject, stores: readonly VaultStore[], fallbackKvMount: string, location: string): SecretSource {
  const { spec } = externalSecret as unknown as RenderedExternalSecret;
  // A render without the store (a platform of a few components, in tests) still names the KV mount
  // the store would be rendered with: the environment's vault.kvMount.
  const kvMount = stores.find((candidate) => candidate.name === spec.secretStoreRef.name)?.kvMount ?? fallbackKvMount;
  const keys = [...new Set((spec.data ?? []).map((entry) => entry.remoteRef.key))];
  if (keys.length !== 1) throw new Error(`${location}: ExternalSecret reads ${keys.length} Vault paths, expected one`);
  return { kind: 'vault', store: spec.secretStoreRef.name, path: `${kvMount}/${keys[0]}`, properties: (spec.data ?? []).flatMap((entry) => entry.remoteRef.property ?? []) };
}

/** Every Secret of the components' contracts in one environment, with the source its render uses. */
export function secretInventory(render: RenderedEnvironment): SecretEntry[] {
  const stores = vaultStoresOf(render);
  return render.units.flatMap((unit) => {
    const requirements = (unit.node.componentDefinition.secrets?.(render.environment) ?? []).filter((requirement) => requirement.unit === unit.node.unit);
    return requirements.map((requirement): SecretEntry => {
      const location = `${render.environment.name} ${unit.node.id} Secret ${requirement.namespace}/${requirement.name}`;
      const file = sopsSecretFile(render.environment, requirement);
      const externalSecret = unit.objects.find(
        (object) => object.kind === 'ExternalSecret' && object.metadata.name === requirement.name && object.metadata.namespace === requirement.namespace,
      );
      let source: SecretSource;
      if (unit.sopsFiles.includes(file)) source = { kind: 'sops', file };
      else if (externalSecret) source = vaultSourceOf(externalSecret, stores, render.environment.vault.kvMount, location);
      else throw new Error(`${location}: neither a SOPS file nor an ExternalSecret in the render`);
      return { environment: render.environment.name, unit: unit.node.id, requirement, source };
    });
  });
}

/** One line an operator can paste: the `vault kv put` of a Secret, or the `o4g secrets set` of its SOPS file. */
export function supplyCommand(entry: SecretEntry): string {
  const keys = entry.requirement.keys.map((key) => `${key.name}=…`).join(' ');
  return entry.source.kind === 'vault'
    ? `vault kv put ${entry.source.path} ${keys}`
    : `npx o4g secrets set ${entry.environment} ${entry.requirement.name} ${keys}`;
}
