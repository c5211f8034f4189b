import type { HelmChartReference } from '@open4goods/kit';

/** Longhorn 1.12.x (`defaultBackupStore`-era settings; see longhorn-values.ts). */
export const longhornChart: HelmChartReference = {
  source: { repositoryName: 'longhorn', url: 'https://charts.longhorn.io' },
  chart: 'longhorn',
  // renovate: datasource=helm depName=longhorn registryUrl=https://charts.longhorn.io
  version: '1.12.1',
};
