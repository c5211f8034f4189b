import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import type { CertManagerValues } from './cert-manager-values.ts';
import { certManagerChart } from './charts.ts';
import {
  acmeSolverPodLabels,
  acmeSolverPort,
  certManagerMetricsPort,
  certManagerNamespace,
  certManagerPodLabels,
  certManagerReleaseName,
  certManagerWebhookPort,
} from './names.ts';

/**
 * The chart's pods are restricted-compatible by default (non-root, RuntimeDefault, no capabilities).
 * Pod labels and the webhook port are set explicitly: NetworkPolicies and the connectivity matrix use them.
 */
export const certManagerValues: CertManagerValues = {
  crds: { enabled: true, keep: true },
  prometheus: { enabled: true, servicemonitor: { enabled: true } },
  podLabels: certManagerPodLabels.controller,
  webhook: { podLabels: certManagerPodLabels.webhook, securePort: certManagerWebhookPort.port },
  cainjector: { podLabels: certManagerPodLabels.cainjector },
  startupapicheck: { podLabels: certManagerPodLabels.startupApiCheck },
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

/**
 * The chart's pods, and the HTTP-01 solver pods the controller starts in the app namespace (where
 * the Ingresses are), as NetworkPolicies and the connectivity matrix see them.
 */
export function certManagerWorkloads(environment: Environment): ChartWorkload[] {
  const inCertManager = (name: string, podLabels: Readonly<Record<string, string>>, ports: ChartWorkload['ports']): ChartWorkload => ({
    name,
    namespace: certManagerNamespace,
    podLabels,
    ports,
    callsKubernetesApi: true,
  });
  return [
    inCertManager('cert-manager-controller', certManagerPodLabels.controller, [certManagerMetricsPort]),
    inCertManager('cert-manager-webhook', certManagerPodLabels.webhook, [certManagerWebhookPort, certManagerMetricsPort]),
    inCertManager('cert-manager-cainjector', certManagerPodLabels.cainjector, [certManagerMetricsPort]),
    inCertManager('cert-manager-startupapicheck', certManagerPodLabels.startupApiCheck, []),
    { name: 'acme-http01-solver', namespace: environment.appNamespace, podLabels: acmeSolverPodLabels, ports: [acmeSolverPort], callsKubernetesApi: false },
  ];
}
