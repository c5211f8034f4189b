import type { HelmChartReference } from '@open4goods/kit';

/** F5's NGINX Ingress Controller (nginx/kubernetes-ingress), published as an OCI chart. */
export const nginxIngressChart: HelmChartReference = {
  source: { repositoryName: 'nginx-ingress', url: 'oci://ghcr.io/nginx/charts' },
  chart: 'nginx-ingress',
  // renovate: datasource=docker depName=ghcr.io/nginx/charts/nginx-ingress
  version: '2.6.4',
};
