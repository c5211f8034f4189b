import { renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { externalSecretsChart } from './charts.ts';
import type { ExternalSecretsValues } from './external-secrets-values.ts';
import { externalSecretsNamespace, externalSecretsReleaseName } from './names.ts';

/** The chart's pods are restricted-compatible by default (non-root, read-only root, RuntimeDefault). */
export const externalSecretsValues: ExternalSecretsValues = {
  installCRDs: true,
  metrics: { service: { enabled: true } },
  serviceMonitor: { enabled: true },
};

export function renderExternalSecretsRelease(): HelmRelease {
  return renderHelmRelease<ExternalSecretsValues>({
    name: externalSecretsReleaseName,
    namespace: externalSecretsNamespace,
    chart: externalSecretsChart,
    values: externalSecretsValues,
  });
}

export function renderExternalSecretsController() {
  return [
    renderNamespace(externalSecretsNamespace, { level: 'restricted' }, 'secrets'),
    renderChartSource(externalSecretsChart, externalSecretsNamespace),
    renderExternalSecretsRelease(),
  ];
}
