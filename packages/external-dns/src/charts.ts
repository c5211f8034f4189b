import type { HelmChartReference } from '@open4goods/kit';

export const externalDnsChart: HelmChartReference = {
  source: { repositoryName: 'external-dns', url: 'https://kubernetes-sigs.github.io/external-dns/' },
  chart: 'external-dns',
  // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
  version: '1.21.1',
};
