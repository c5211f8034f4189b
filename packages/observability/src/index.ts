import { defineComponent } from '@open4goods/kit';
import { renderPrometheusOperatorCrds, renderPrometheusOperatorRepository } from './crds.ts';
import { renderDashboardConfigMaps } from './dashboards/index.ts';
import { renderFluxAlerts } from './flux-alerts.ts';
import { renderLogs } from './logs.ts';
import { renderMetricsServer } from './metrics-server.ts';
import { renderMysqlServiceMonitor } from './monitors.ts';
import { renderPrometheusRules } from './rules/index.ts';
import { renderMonitoringStack, stackSecretRequirements } from './stack.ts';
import { observabilityWorkloads } from './workloads.ts';

export * from './names.ts';
export { prometheusOperatorSource } from './sources.ts';
export { kubePrometheusStackChart, lokiChart, metricsServerChart, alloyChart } from './charts.ts';
export { mysqlScrapeJob } from './monitors.ts';
export { coreDnsMetricsPort, kubeletPort, observabilityPodLabels, observabilityPorts, observabilityWorkloads } from './workloads.ts';
export { lokiHttpPort } from './logs.ts';
export { alertmanagerAlertsApi, fluxNotificationControllerWorkload } from './flux-alerts.ts';

const stackUnit = 'stack';

/**
 * Observability: the Prometheus Operator CRDs first (every chart creates ServiceMonitors), then
 * metrics-server, the monitoring stack (Prometheus, Alertmanager, Grafana, kube-state-metrics,
 * node-exporter), the platform's alerts, monitors and dashboards, and Loki with its collector
 * where the environment turns logs on.
 */
export default defineComponent({
  name: 'observability',
  layer: 'infra',
  sourceDirectory: 'packages/observability',
  units: [
    {
      name: 'crds',
      render: () => [renderPrometheusOperatorRepository(), renderPrometheusOperatorCrds()],
    },
    {
      name: 'metrics-server',
      // The chart creates a ServiceMonitor.
      dependsOn: ['crds'],
      render: renderMetricsServer,
    },
    {
      name: stackUnit,
      // The chart claims Prometheus' and Alertmanager's volumes on the `longhorn` class (invisible to the engine).
      dependsOn: ['crds', 'longhorn/config'],
      render: renderMonitoringStack,
      timeout: '20m',
    },
    {
      name: 'alerts',
      // Rules, monitors and dashboards live in the stack's namespace; the operator's webhook validates the rules.
      dependsOn: [stackUnit],
      render: (environment) => [...renderPrometheusRules(environment), renderMysqlServiceMonitor(environment), ...renderDashboardConfigMaps(environment)],
    },
    {
      name: 'flux-alerts',
      // Flux's error events go to the stack's Alertmanager.
      dependsOn: [stackUnit],
      render: renderFluxAlerts,
    },
    {
      name: 'logs',
      // Loki's volume is on the `longhorn` class; Grafana's Loki data source is provisioned by the stack.
      dependsOn: [stackUnit, 'longhorn/config'],
      render: renderLogs,
      timeout: '15m',
    },
  ],
  secrets: (environment) => stackSecretRequirements(environment, stackUnit),
  chartWorkloads: observabilityWorkloads,
});
