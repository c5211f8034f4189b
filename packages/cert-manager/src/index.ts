import { defineComponent } from '@open4goods/kit';
import { certManagerWorkloads, renderCertManagerController } from './controller.ts';
import { renderClusterIssuers } from './issuers.ts';

export * from './names.ts';
export { certManagerChart } from './charts.ts';
export type { CertManagerValues } from './cert-manager-values.ts';

/**
 * cert-manager: the controller and its CRDs, then the Let's Encrypt ClusterIssuers (which need
 * those CRDs, and the ingress controller whose class solves the HTTP-01 challenges).
 */
export default defineComponent({
  name: 'cert-manager',
  layer: 'infra',
  sourceDirectory: 'packages/cert-manager',
  units: [
    {
      name: 'controller',
      // The chart creates a ServiceMonitor.
      dependsOn: ['observability/crds'],
      render: renderCertManagerController,
    },
    {
      name: 'issuers',
      dependsOn: ['controller', 'ingress/controller'],
      render: renderClusterIssuers,
    },
  ],
  chartWorkloads: certManagerWorkloads,
});
