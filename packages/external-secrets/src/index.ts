import { defineComponent } from '@open4goods/kit';
import { externalSecretsWorkloads, renderExternalSecretsNamespace, renderExternalSecretsRelease, renderExternalSecretsRepository } from './controller.ts';
import { renderVaultStore } from './store.ts';

export * from './names.ts';
export { externalSecretsChart } from './charts.ts';

/**
 * External Secrets Operator and the Vault ClusterSecretStore: how the secret contract of every
 * component is met when an environment reads its secrets from Vault. Units carrying
 * ExternalSecrets wait for `store` (the engine derives it from their secretStoreRef).
 */
export default defineComponent({
  name: 'external-secrets',
  layer: 'infra',
  sourceDirectory: 'packages/external-secrets',
  units: [
    { name: 'controller', render: () => [renderExternalSecretsNamespace(), renderExternalSecretsRepository(), renderExternalSecretsRelease()] },
    // The store needs the CRDs the controller's chart installs.
    { name: 'store', dependsOn: ['controller'], render: (environment) => renderVaultStore(environment) },
  ],
  chartWorkloads: externalSecretsWorkloads,
});
