import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret';
import type { Environment } from '@open4goods/environments';
import { standardLabels } from './labels.ts';
import type { S3Access } from './s3-access.ts';

export interface SecretKey {
  readonly name: string;
  readonly description: string;
}

/**
 * A Secret a component needs but never renders with values: the build supplies it from the
 * environment's secret backend (an ExternalSecret from Vault, or a SOPS file Flux decrypts).
 */
export interface SecretRequirement {
  /** The unit whose Flux Kustomization carries the Secret. */
  readonly unit: string;
  readonly name: string;
  readonly namespace: string;
  readonly description: string;
  readonly keys: readonly SecretKey[];
  /**
   * Entries that are not secret but that the consumer only reads from this Secret (e.g. the S3
   * endpoint of Longhorn's backup credentials). From Vault, the ExternalSecret writes them next to
   * the secret keys; a SOPS file must hold them as well.
   */
  readonly fixedEntries?: Readonly<Record<string, string>>;
  /** For S3 keys: what they may do, from which the build writes their policy (docs/runbooks/s3-credentials.md). */
  readonly s3Access?: S3Access;
}

/** Where the SOPS-encrypted file of a Secret lives (never generated, never pruned). */
export function sopsSecretFile(environment: Environment, requirement: Pick<SecretRequirement, 'name' | 'namespace'>): string {
  return `clusters/${environment.name}/secrets/${requirement.namespace}.${requirement.name}.sops.yaml`;
}

/** The Vault path (KV v2, below the store's mount) of a Secret. */
export function vaultSecretPath(pathPrefix: string, requirement: Pick<SecretRequirement, 'name' | 'namespace'>): string {
  return `${pathPrefix}/${requirement.namespace}/${requirement.name}`;
}

/**
 * An ExternalSecret that syncs every declared key from Vault; the target Secret is owned by
 * the ExternalSecret and kept if the ExternalSecret is deleted (an outage of Vault or of the
 * operator must not delete a database password). Fixed entries are merged in by the template.
 */
export function renderExternalSecret(requirement: SecretRequirement, clusterSecretStore: string, pathPrefix: string): ExternalSecret {
  return new ExternalSecret({
    metadata: {
      name: requirement.name,
      namespace: requirement.namespace,
      labels: standardLabels({ name: requirement.name, component: 'secret' }),
      annotations: { 'open4goods.org/description': requirement.description },
    },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: clusterSecretStore },
      target: {
        name: requirement.name,
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        ...(requirement.fixedEntries && Object.keys(requirement.fixedEntries).length > 0
          ? { template: { engineVersion: 'v2' as const, mergePolicy: 'Merge' as const, data: { ...requirement.fixedEntries } } }
          : {}),
      },
      data: requirement.keys.map((key) => ({
        secretKey: key.name,
        remoteRef: { key: vaultSecretPath(pathPrefix, requirement), property: key.name },
      })),
    },
  });
}
