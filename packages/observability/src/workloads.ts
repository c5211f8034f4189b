import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, type WorkloadPort, prometheusWorkload, workloadPodLabels } from '@open4goods/kit';
import { kubePrometheusStackReleaseName, metricsServerNamespace, nodeExporterNamespace, observabilityNamespace } from './names.ts';

/**
 * Our workload label on the pods of the monitoring charts, set through each chart's pod-label
 * value (prometheusOperator.podLabels, alertmanagerSpec.podMetadata.labels, metrics-server podLabels, Loki singleBinary.podLabels, Alloy
 * controller.podLabels). Prometheus keeps the operator's own label (kit's `prometheusWorkload`),
 * which every component's metrics policy already lets in.
 */
export const observabilityPodLabels = {
  operator: workloadPodLabels('prometheus-operator'),
  alertmanager: workloadPodLabels('alertmanager'),
  metricsServer: workloadPodLabels('metrics-server'),
  loki: workloadPodLabels('loki'),
  alloy: workloadPodLabels('alloy'),
  /**
   * Grafana and kube-state-metrics are subcharts whose pod-label values kube-prometheus-stack's
   * values.yaml does not list: they are selected by their charts' selector labels instead.
   */
  grafana: { 'app.kubernetes.io/name': 'grafana', 'app.kubernetes.io/instance': kubePrometheusStackReleaseName },
  kubeStateMetrics: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/instance': kubePrometheusStackReleaseName },
  /** The hook Jobs that create the operator's webhook certificate and patch it into the webhook configurations. */
  /**
   * node-exporter keeps the label the parent chart already sets on it (prometheus-node-exporter.podLabels
   * has `jobLabel: node-exporter`, a map of the chart's own that takes no extra key). It runs on the
   * host network, where policies do not apply: it is declared for the connectivity matrix.
   */
  nodeExporter: { jobLabel: 'node-exporter' },
  admissionCreate: { app: `${kubePrometheusStackReleaseName}-admission-create` },
  admissionPatch: { app: `${kubePrometheusStackReleaseName}-admission-patch` },
} as const;

/** The ports the charts' containers declare (names as in their pod specs). */
export const observabilityPorts = {
  /** The operator serves its metrics and its admission webhook over TLS (prometheusOperator.tls.internalPort). */
  operator: { name: 'https', port: 10250, protocol: 'TCP' },
  prometheus: { name: 'http-web', port: 9090, protocol: 'TCP' },
  alertmanager: { name: 'http-web', port: 9093, protocol: 'TCP' },
  /** The config-reloader sidecar of Prometheus and Alertmanager (its own metrics). */
  reloader: { name: 'reloader-web', port: 8080, protocol: 'TCP' },
  grafana: { name: 'grafana', port: 3000, protocol: 'TCP' },
  kubeStateMetrics: { name: 'http', port: 8080, protocol: 'TCP' },
  /** hostNetwork: served on the node's addresses. */
  nodeExporter: { name: 'http-metrics', port: 9100, protocol: 'TCP' },
  metricsServer: { name: 'https', port: 10250, protocol: 'TCP' },
  loki: { name: 'http-metrics', port: 3100, protocol: 'TCP' },
  lokiGrpc: { name: 'grpc', port: 9095, protocol: 'TCP' },
  lokiMemberlist: { name: 'http-memberlist', port: 7946, protocol: 'TCP' },
  alloy: { name: 'http-metrics', port: 12345, protocol: 'TCP' },
} as const satisfies Record<string, WorkloadPort>;

/** The kubelet's API (metrics, cAdvisor), on every node. */
export const kubeletPort = 10250;
/** CoreDNS' metrics port (kube-prometheus-stack's coreDns.service.port). */
export const coreDnsMetricsPort = 9153;

const inObservability = (name: string, podLabels: Readonly<Record<string, string>>, ports: readonly WorkloadPort[], callsKubernetesApi: boolean): ChartWorkload => ({
  name,
  namespace: observabilityNamespace,
  podLabels,
  ports,
  callsKubernetesApi,
});

/** The pods the observability charts create, declared from the values passed to them. */
export function observabilityWorkloads(environment: Environment): ChartWorkload[] {
  const ports = observabilityPorts;
  return [
    // Prometheus discovers its targets through the API and scrapes the API server.
    inObservability('prometheus', prometheusWorkload.podLabels, [ports.prometheus, ports.reloader], true),
    inObservability('alertmanager', observabilityPodLabels.alertmanager, [ports.alertmanager, ports.reloader], false),
    inObservability('prometheus-operator', observabilityPodLabels.operator, [ports.operator], true),
    // The dashboard and data-source sidecars watch ConfigMaps and Secrets.
    inObservability('grafana', observabilityPodLabels.grafana, [ports.grafana], true),
    inObservability('kube-state-metrics', observabilityPodLabels.kubeStateMetrics, [ports.kubeStateMetrics], true),
    inObservability('prometheus-admission-create', observabilityPodLabels.admissionCreate, [], true),
    inObservability('prometheus-admission-patch', observabilityPodLabels.admissionPatch, [], true),
    { name: 'node-exporter', namespace: nodeExporterNamespace, podLabels: observabilityPodLabels.nodeExporter, ports: [ports.nodeExporter], callsKubernetesApi: false },
    { name: 'metrics-server', namespace: metricsServerNamespace, podLabels: observabilityPodLabels.metricsServer, ports: [ports.metricsServer], callsKubernetesApi: true },
    ...(environment.observability.logs.enabled
      ? [
          // Loki's rules sidecar watches ConfigMaps; Alloy reads every pod's logs through the API.
          inObservability('loki', observabilityPodLabels.loki, [ports.loki, ports.lokiGrpc, ports.lokiMemberlist], true),
          inObservability('alloy', observabilityPodLabels.alloy, [ports.alloy], true),
        ]
      : []),
  ];
}
