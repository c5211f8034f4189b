import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore';
import type { Environment } from '@open4goods/environments';
import { standardLabels } from '@open4goods/kit';
import { externalSecretsNamespace, externalSecretsServiceAccountName } from './names.ts';

/**
 * The ClusterSecretStore every ExternalSecret of the platform reads from (its name is the
 * environment's `secrets.clusterSecretStore`): Vault's KV v2 engine, logged in with Vault's
 * Kubernetes auth as the operator's ServiceAccount. Rendered only where Vault is the backend.
 */
export function renderVaultStore(environment: Environment): ClusterSecretStore[] {
  if (environment.secrets.kind !== 'vault') return [];
  const { vault } = environment;
  return [
    new ClusterSecretStore({
      metadata: { name: environment.secrets.clusterSecretStore, labels: standardLabels({ name: environment.secrets.clusterSecretStore, component: 'secret-store' }) },
      spec: {
        provider: {
          vault: {
            server: vault.server,
            path: vault.kvMount,
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: vault.kubernetesAuth.mountPath,
                role: vault.kubernetesAuth.role,
                serviceAccountRef: { name: externalSecretsServiceAccountName, namespace: externalSecretsNamespace },
              },
            },
          },
        },
      },
    }),
  ];
}
