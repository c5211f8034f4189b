import { renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import type { CertManagerValues } from './cert-manager-values.ts';
import { certManagerChart } from './charts.ts';
import { certManagerNamespace, certManagerReleaseName } from './names.ts';

/** The chart's pods are restricted-compatible by default (non-root, RuntimeDefault, no capabilities). */
export const certManagerValues: CertManagerValues = {
  crds: { enabled: true, keep: true },
  prometheus: { enabled: true, servicemonitor: { enabled: true } },
};

export function renderCertManagerRelease(): HelmRelease {
  return renderHelmRelease<CertManagerValues>({
    name: certManagerReleaseName,
    namespace: certManagerNamespace,
    chart: certManagerChart,
    values: certManagerValues,
  });
}

export function renderCertManagerController() {
  return [renderNamespace(certManagerNamespace, { level: 'restricted' }, 'certificates'), renderChartSource(certManagerChart, certManagerNamespace), renderCertManagerRelease()];
}
