import { defineComponent } from '@open4goods/kit';
import { externalSecretsWorkloads, renderExternalSecretsController } from './controller.ts';
import { renderVaultSecretStore } from './store.ts';

export * from './names.ts';
export { externalSecretsChart } from './charts.ts';
export type { ExternalSecretsValues } from './external-secrets-values.ts';

/**
 * The External Secrets Operator and the ClusterSecretStore for Vault. Every ExternalSecret the
 * engine renders from a component's secret contract waits for the `store` unit (the engine
 * derives that dependency from the objects).
 */
export default defineComponent({
  name: 'external-secrets',
  layer: 'infra',
  sourceDirectory: 'packages/external-secrets',
  units: [
    {
      name: 'controller',
      // The chart creates ServiceMonitors.
      dependsOn: ['observability/crds'],
      render: renderExternalSecretsController,
    },
    {
      name: 'store',
      dependsOn: ['controller'],
      render: renderVaultSecretStore,
    },
  ],
  chartWorkloads: externalSecretsWorkloads,
});
