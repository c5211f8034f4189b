import type { Environment } from '@open4goods/environments';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { renderChartSource, renderHelmRelease } from '@open4goods/kit';
import { metricsServerChart } from './charts.ts';
import type { MetricsServerValues } from './metrics-server-values.ts';
import { metricsServerNamespace, metricsServerReleaseName } from './names.ts';
import { observabilityPodLabels } from './workloads.ts';

/** The chart's pods are restricted-compatible by default (uid 1000, read-only, no capabilities, RuntimeDefault). */
export function metricsServerValues(environment: Environment): MetricsServerValues {
  return {
    args: environment.observability.metricsServer.kubeletInsecureTls ? ['--kubelet-insecure-tls'] : [],
    metrics: { enabled: true },
    serviceMonitor: { enabled: true },
    podLabels: observabilityPodLabels.metricsServer,
  };
}

export function renderMetricsServerRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<MetricsServerValues>({
    name: metricsServerReleaseName,
    namespace: metricsServerNamespace,
    chart: metricsServerChart,
    values: metricsServerValues(environment),
  });
}

/** kube-system exists on every cluster: the unit renders no Namespace. */
export function renderMetricsServer(environment: Environment) {
  return [renderChartSource(metricsServerChart, metricsServerNamespace), renderMetricsServerRelease(environment)];
}
