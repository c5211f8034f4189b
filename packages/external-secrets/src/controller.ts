import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, keptByHelm, renderChartSource, renderHelmRelease, renderNamespace, resourcePresets } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { externalSecretsChart } from './charts.ts';
import type { ExternalSecretsValues } from './external-secrets-values.ts';
import {
  externalSecretsMetricsPort,
  externalSecretsNamespace,
  externalSecretsPodLabels,
  externalSecretsReleaseName,
  externalSecretsServiceAccountName,
  externalSecretsWebhookPort,
} from './names.ts';

const operatorResources = { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } };
/** Each of the three pods serves metrics; with its Service on, the chart's ServiceMonitor for it has a target. */
const scrapedMetrics = { listen: { port: externalSecretsMetricsPort.port }, service: { enabled: true } };

/**
 * The chart's pods are restricted-compatible by default (non-root, read-only root, RuntimeDefault).
 * Ports and pod labels are set explicitly: NetworkPolicies and the connectivity matrix use them.
 */
export const externalSecretsValues: ExternalSecretsValues = {
  installCRDs: true,
  crds: { annotations: keptByHelm },
  replicaCount: 1,
  serviceAccount: { create: true, name: externalSecretsServiceAccountName, automount: true },
  podLabels: externalSecretsPodLabels.controller,
  resources: operatorResources,
  metrics: scrapedMetrics,
  serviceMonitor: { enabled: true },
  webhook: { port: externalSecretsWebhookPort.port, podLabels: externalSecretsPodLabels.webhook, resources: resourcePresets.sidecar, metrics: scrapedMetrics },
  certController: { podLabels: externalSecretsPodLabels.certController, resources: resourcePresets.sidecar, metrics: scrapedMetrics },
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

/** The three Deployments of the chart, as NetworkPolicies and the connectivity matrix see them. */
export function externalSecretsWorkloads(_environment: Environment): ChartWorkload[] {
  return [
    { name: 'external-secrets-controller', namespace: externalSecretsNamespace, podLabels: externalSecretsPodLabels.controller, ports: [externalSecretsMetricsPort], callsKubernetesApi: true },
    {
      name: 'external-secrets-webhook',
      namespace: externalSecretsNamespace,
      podLabels: externalSecretsPodLabels.webhook,
      ports: [externalSecretsWebhookPort, externalSecretsMetricsPort],
      callsKubernetesApi: true,
    },
    {
      name: 'external-secrets-cert-controller',
      namespace: externalSecretsNamespace,
      podLabels: externalSecretsPodLabels.certController,
      ports: [externalSecretsMetricsPort],
      callsKubernetesApi: true,
    },
  ];
}
