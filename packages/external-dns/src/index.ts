import { defineComponent } from '@open4goods/kit';
import { externalDnsSecretRequirements, externalDnsWorkloads, renderExternalDnsController } from './controller.ts';

export * from './names.ts';
export { externalDnsChart } from './charts.ts';
export { dnsProviders } from './providers.ts';
export { txtOwnerIdOf } from './controller.ts';
export type { ExternalDnsValues } from './external-dns-values.ts';

/**
 * external-dns: publishes the host names of Ingresses in the environment's zone, at OVH today,
 * at Cloudflare by switching `dns.provider`.
 */
export default defineComponent({
  name: 'external-dns',
  layer: 'infra',
  sourceDirectory: 'packages/external-dns',
  units: [
    {
      name: 'controller',
      // The chart creates a ServiceMonitor.
      dependsOn: ['observability/crds'],
      render: renderExternalDnsController,
    },
  ],
  secrets: externalDnsSecretRequirements,
  chartWorkloads: externalDnsWorkloads,
});
