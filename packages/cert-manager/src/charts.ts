import type { HelmChartReference } from '@open4goods/kit';

/** cert-manager, from the OCI registry its README installs from. */
export const certManagerChart: HelmChartReference = {
  source: { repositoryName: 'cert-manager', url: 'oci://quay.io/jetstack/charts' },
  chart: 'cert-manager',
  // renovate: datasource=docker depName=quay.io/jetstack/charts/cert-manager
  version: 'v1.21.1',
};
