import type { HelmChartReference } from '@open4goods/kit';

/** Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics and node-exporter. */
export const kubePrometheusStackChart: HelmChartReference = {
  source: { repositoryName: 'prometheus-community', url: 'https://prometheus-community.github.io/helm-charts' },
  chart: 'kube-prometheus-stack',
  // renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
  version: '88.5.3',
};

/**
 * The operator release each kube-prometheus-stack version deploys (the chart's appVersion). The
 * `crds` unit installs that release's CRDs, so a bump of the chart must move this pair and the CRD
 * tag together (a test holds them in step).
 */
export const operatorReleaseOfStackChart: Readonly<Record<string, string>> = {
  '88.5.3': 'v0.93.1',
};

/** The resource metrics API (`kubectl top`, HorizontalPodAutoscalers). */
export const metricsServerChart: HelmChartReference = {
  source: { repositoryName: 'metrics-server', url: 'https://kubernetes-sigs.github.io/metrics-server/' },
  chart: 'metrics-server',
  // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
  version: '3.13.1',
};

/** Loki moved to the grafana-community repository in 2026 (grafana/loki#20705). */
export const lokiChart: HelmChartReference = {
  source: { repositoryName: 'grafana-community', url: 'https://grafana-community.github.io/helm-charts' },
  chart: 'loki',
  // renovate: datasource=helm depName=loki registryUrl=https://grafana-community.github.io/helm-charts
  version: '18.11.0',
};

/** Grafana Alloy, Promtail's successor, collects the pods' logs for Loki. */
export const alloyChart: HelmChartReference = {
  source: { repositoryName: 'grafana', url: 'https://grafana.github.io/helm-charts' },
  chart: 'alloy',
  // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
  version: '1.2.1',
};
