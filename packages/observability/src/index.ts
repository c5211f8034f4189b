import { defineComponent } from '@open4goods/kit';
import { renderPrometheusOperatorCrds, renderPrometheusOperatorRepository } from './crds.ts';

export * from './names.ts';
export { prometheusOperatorSource } from './sources.ts';

/**
 * Observability. For now only what every other infrastructure chart needs first: the Prometheus
 * Operator CRDs, so their ServiceMonitors can be created (the monitoring stack itself comes with
 * the observability issue and depends on storage).
 */
export default defineComponent({
  name: 'observability',
  layer: 'infra',
  sourceDirectory: 'packages/observability',
  units: [
    {
      name: 'crds',
      render: () => [renderPrometheusOperatorRepository(), renderPrometheusOperatorCrds()],
    },
  ],
});
