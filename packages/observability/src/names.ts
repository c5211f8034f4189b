/**
 * The Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, PrometheusRule, …). Charts of every
 * layer create ServiceMonitors, so these CRDs come first, before any chart and before the
 * monitoring stack itself (which needs storage, whose chart already wants a ServiceMonitor).
 */
export const monitoringCrdsUnit = 'observability/crds';
export const prometheusOperatorCrdsName = 'prometheus-operator-crds';
/** Where Flux's own objects live; `flux bootstrap` creates it. */
export const fluxNamespace = 'flux-system';

/** Prometheus, Alertmanager, Grafana, the operator, kube-state-metrics, Loki: Pod Security restricted. */
export const observabilityNamespace = 'observability';
/**
 * node-exporter alone: it reads the host (hostNetwork, hostPID, the root filesystem mounted
 * read-only), which only a privileged namespace admits. Keeping it apart keeps `observability` restricted.
 */
export const nodeExporterNamespace = 'observability-node';
/** metrics-server registers the metrics API; kube-system is where the API aggregation layer expects it. */
export const metricsServerNamespace = 'kube-system';

export const kubePrometheusStackReleaseName = 'kube-prometheus-stack';
export const metricsServerReleaseName = 'metrics-server';
export const lokiReleaseName = 'loki';
export const logCollectorReleaseName = 'alloy';

/** The Secret with Grafana's admin account (declared in the secret contract). */
export const grafanaAdminSecretName = 'grafana-admin-credentials';
export const grafanaAdminSecretKeys = { user: 'admin-user', password: 'admin-password' } as const;

/** The Secret with the secret part of Alertmanager's receiver, mounted into Alertmanager as files. */
export const alertmanagerReceiverSecretName = 'alertmanager-receiver';
export const alertmanagerReceiverSecretKeys = { smtpPassword: 'smtp-password', webhookUrl: 'webhook-url', heartbeatUrl: 'heartbeat-url' } as const;
/** Where the Prometheus Operator mounts a Secret listed in `alertmanagerSpec.secrets`. */
export const alertmanagerSecretsDirectory = '/etc/alertmanager/secrets';

/** The Grafana sidecar loads every ConfigMap carrying this label (the chart's default label and value). */
export const grafanaDashboardLabel = { grafana_dashboard: '1' } as const;
/** The Prometheus data source the chart provisions in Grafana. */
export const prometheusDatasourceUid = 'prometheus';
