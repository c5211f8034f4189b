import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Environment } from '@open4goods/environments';
import { platformDashboard, stat, timeseries } from './panels.ts';

const nodeExporter = 'job="node-exporter"';
const filesystems = `${nodeExporter},fstype!="",mountpoint!=""`;
const ingressResponses = 'nginx_ingress_controller_upstream_server_response_latency_ms_count';

/** The whole cluster at a glance: nodes, pods, firing alerts, certificates, ingress traffic. */
export function clusterOverviewDashboard(environment: Environment): DashboardBuilder {
  return platformDashboard(environment, 'Cluster overview', 'open4goods-cluster')
    .withRow(new RowBuilder('Health'))
    .withPanel(stat('Nodes ready', 'short', { expr: 'sum(kube_node_status_condition{condition="Ready",status="true"})' }))
    .withPanel(stat('Pods not ready', 'short', {
      expr: 'count(max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running|Unknown"} == 1) unless on (namespace, pod) (kube_pod_status_ready{condition="true"} == 1)) or vector(0)',
    }))
    .withPanel(stat('Critical alerts firing', 'short', { expr: 'count(ALERTS{alertstate="firing",severity="critical"}) or vector(0)' }))
    .withPanel(stat('Warnings firing', 'short', { expr: 'count(ALERTS{alertstate="firing",severity="warning"}) or vector(0)' }))
    .withRow(new RowBuilder('Nodes'))
    .withPanel(timeseries('CPU used', 'percentunit', [{ expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${nodeExporter},mode="idle"}[$__rate_interval]))`, legend: '{{instance}}' }]))
    .withPanel(timeseries('Memory used', 'percentunit', [{ expr: `1 - node_memory_MemAvailable_bytes{${nodeExporter}} / node_memory_MemTotal_bytes{${nodeExporter}}`, legend: '{{instance}}' }]))
    .withPanel(timeseries('Filesystem used', 'percentunit', [{ expr: `1 - node_filesystem_avail_bytes{${filesystems}} / node_filesystem_size_bytes{${filesystems}}`, legend: '{{instance}} {{mountpoint}}' }]))
    .withPanel(timeseries('Container restarts (1h)', 'short', [{ expr: 'sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total[1h])) > 0', legend: '{{namespace}}/{{pod}}' }]))
    .withRow(new RowBuilder('Certificates and ingress'))
    .withPanel(timeseries('Certificate time left', 's', [{ expr: 'min by (namespace, name) (certmanager_certificate_expiration_timestamp_seconds - time())', legend: '{{namespace}}/{{name}}' }]))
    .withPanel(
      timeseries('Ingress responses by status', 'reqps', [{ expr: `sum by (code) (rate(${ingressResponses}[$__rate_interval]))`, legend: '{{code}}' }]),
    );
}
