import { defineComponent } from '@open4goods/kit';
import { ingressControllerWorkloads, renderIngressController } from './controller.ts';

export * from './names.ts';
export { nginxIngressChart } from './charts.ts';
export { hstsMaxAgeSeconds, tls12Ciphers, tlsProtocols } from './nginx-configuration.ts';
export type { NginxIngressValues } from './nginx-ingress-values.ts';

/**
 * The NGINX ingress controller: F5's NGINX Ingress Controller (nginx/kubernetes-ingress), with
 * IngressClass `nginx` and the specification's TLS and header hardening as its configuration.
 * kubernetes/ingress-nginx was retired in March 2026 (see the README).
 */
export default defineComponent({
  name: 'ingress',
  layer: 'infra',
  sourceDirectory: 'packages/ingress',
  units: [
    {
      name: 'controller',
      // The chart creates a ServiceMonitor.
      dependsOn: ['observability/crds'],
      render: renderIngressController,
    },
  ],
  chartWorkloads: ingressControllerWorkloads,
});
