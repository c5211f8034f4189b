import type { Environment } from '@open4goods/environments';
import { standardLabels } from '@open4goods/kit';
import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore';
import { externalSecretsNamespace, externalSecretsServiceAccountName } from './names.ts';

/**
 * The ClusterSecretStore every ExternalSecret of the platform reads from: Vault's KV v2 engine,
 * logged into with this cluster's Kubernetes auth method as the operator's service account (a
 * short-lived token requested for it, no long-lived Secret). Rendered only when the
 * environment's secrets come from Vault.
 */
export function renderVaultSecretStore(environment: Environment): ClusterSecretStore[] {
  if (environment.secrets.kind !== 'vault') return [];
  const { vault } = environment;
  return [
    new ClusterSecretStore({
      metadata: { name: environment.secrets.clusterSecretStore, labels: standardLabels({ name: environment.secrets.clusterSecretStore, component: 'secret-store' }) },
      spec: {
        provider: {
          vault: {
            server: vault.address,
            path: vault.kvMount,
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: vault.authMountPath,
                role: vault.role,
                serviceAccountRef: { name: externalSecretsServiceAccountName, namespace: externalSecretsNamespace },
              },
            },
          },
        },
      },
    }),
  ];
}
