import type { Environment } from '@open4goods/environments';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { selectorLabels, standardLabels } from '@open4goods/kit';
import { mysqlExporterPortName, mysqlName, mysqlServiceName } from '@open4goods/mysql';
import { observabilityNamespace } from './names.ts';

/**
 * Scrape targets the charts do not declare themselves. Longhorn, the ingress controller,
 * cert-manager, external-dns and External Secrets create their own ServiceMonitors from their chart
 * values (see their packages); the stack monitors itself, the kubelets, the API server, CoreDNS,
 * kube-state-metrics and node-exporter. What is left is MySQL's exporter sidecar. XWiki has no
 * metrics endpoint: the xwiki package ships no JMX exporter (docs/architecture.md, "XWiki").
 */

/** The `job` label Prometheus gives MySQL's exporter: the Service's name (the ServiceMonitor's default). */
export const mysqlScrapeJob = mysqlServiceName;

/**
 * Lives in `observability`, not in the application namespace: the application namespace belongs to
 * the apps layer, applied after this one. It selects the `mysql` Service there by its labels and
 * scrapes its `metrics` port (the headless Service has no such port, so it adds no target).
 */
export function renderMysqlServiceMonitor(environment: Environment): ServiceMonitor {
  return new ServiceMonitor({
    metadata: { name: mysqlScrapeJob, namespace: observabilityNamespace, labels: standardLabels({ name: mysqlName, component: 'monitoring' }) },
    spec: {
      namespaceSelector: { matchNames: [environment.appNamespace] },
      selector: { matchLabels: selectorLabels({ name: mysqlName }) },
      endpoints: [{ port: mysqlExporterPortName, interval: '30s', scrapeTimeout: '10s' }],
    },
  });
}
