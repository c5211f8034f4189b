import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Environment } from '@open4goods/environments';
import { xwikiName } from '@open4goods/xwiki';
import { labelSelector } from '../rules/alert-rule.ts';
import { note, platformDashboard, stat, timeseries } from './panels.ts';

const responses = 'nginx_ingress_controller_upstream_server_response_latency_ms';

/**
 * XWiki on Tomcat as the platform can see it today: availability, the requests and errors its
 * Ingress serves (status and latency from the ingress controller), and the container's memory
 * and CPU. JVM heap and GC pauses need a JMX exporter the xwiki package does not ship yet; the
 * dashboard says so instead of showing empty panels.
 */
export function xwikiDashboard(environment: Environment): DashboardBuilder {
  const namespace = environment.appNamespace;
  const ingress = labelSelector({ resource_namespace: namespace, resource_name: xwikiName });
  const container = labelSelector({ namespace, container: xwikiName });
  const rateOf = (selector: string) => `sum(rate(${responses}_count${selector}[$__rate_interval]))`;
  const errors = labelSelector({ resource_namespace: namespace, resource_name: xwikiName, code: { regex: '5..' } });
  return platformDashboard(environment, 'XWiki', 'open4goods-xwiki', ['xwiki'])
    .withRow(new RowBuilder('Availability'))
    .withPanel(stat('Available replicas', 'short', { expr: `kube_deployment_status_replicas_available${labelSelector({ namespace, deployment: xwikiName })}` }))
    .withPanel(stat('5xx ratio', 'percentunit', { expr: `${rateOf(errors)} / ${rateOf(ingress)}` }))
    .withPanel(stat('Restarts (24h)', 'short', { expr: `sum(increase(kube_pod_container_status_restarts_total${container}[24h]))` }))
    .withPanel(stat('Last termination: OOMKilled', 'bool_yes_no', { expr: `max(kube_pod_container_status_last_terminated_reason${labelSelector({ namespace, container: xwikiName, reason: 'OOMKilled' })}) or vector(0)` }))
    .withRow(new RowBuilder('Requests'))
    .withPanel(timeseries('Requests by status', 'reqps', [{ expr: `sum by (code) (rate(${responses}_count${ingress}[$__rate_interval]))`, legend: '{{code}}' }]))
    .withPanel(
      timeseries('Upstream latency', 'ms', [
        { expr: `histogram_quantile(0.5, sum by (le) (rate(${responses}_bucket${ingress}[$__rate_interval])))`, legend: 'p50' },
        { expr: `histogram_quantile(0.95, sum by (le) (rate(${responses}_bucket${ingress}[$__rate_interval])))`, legend: 'p95' },
      ]),
    )
    .withRow(new RowBuilder('JVM and container'))
    .withPanel(
      timeseries('Memory', 'bytes', [
        { expr: `sum(container_memory_working_set_bytes${container})`, legend: 'working set' },
        { expr: `sum(kube_pod_container_resource_limits${labelSelector({ namespace, container: xwikiName, resource: 'memory' })})`, legend: 'limit (the heap is half of it)' },
      ]),
    )
    .withPanel(timeseries('CPU', 'short', [{ expr: `sum(rate(container_cpu_usage_seconds_total${container}[$__rate_interval]))`, legend: 'cores' }]))
    .withPanel(
      note(
        'JVM heap and GC pauses',
        'The xwiki package runs no JMX exporter yet (no image shipping the agent could be pinned by digest; see docs/architecture.md, "XWiki"), ' +
          'so Tomcat and JVM metrics (heap, GC pauses, thread pools) are not scraped. The memory panel shows the container against its limit; ' +
          'the heap is fixed at half the limit (-Xmx), and an OutOfMemoryError ends in a heap dump and a restart (see the OOMKilled and restart panels).',
      ),
    );
}
