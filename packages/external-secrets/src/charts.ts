import type { HelmChartReference } from '@open4goods/kit';

/** External Secrets Operator 2.9 (serves external-secrets.io/v1 only). */
export const externalSecretsChart: HelmChartReference = {
  source: { repositoryName: 'external-secrets', url: 'https://charts.external-secrets.io' },
  chart: 'external-secrets',
  // renovate: datasource=helm depName=external-secrets registryUrl=https://charts.external-secrets.io
  version: '2.9.0',
};
