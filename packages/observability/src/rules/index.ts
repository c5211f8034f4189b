import type { Environment } from '@open4goods/environments';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { standardLabels } from '@open4goods/kit';
import { observabilityNamespace } from '../names.ts';
import { type AlertGroupDefinition, alertingRule } from './alert-rule.ts';
import { backupAlerts } from './backups.ts';
import { certificateAlerts } from './certificates.ts';
import { ingressAlerts } from './ingress.ts';
import { mysqlAlerts } from './mysql.ts';
import { nodeAlerts } from './nodes.ts';
import { storageAlerts } from './storage.ts';
import { workloadAlerts } from './workloads.ts';
import { xwikiAlerts } from './xwiki.ts';

export * from './alert-rule.ts';

/** Every alert group of the platform for an environment. */
export function alertGroups(environment: Environment): AlertGroupDefinition[] {
  return [
    nodeAlerts,
    workloadAlerts,
    storageAlerts(environment),
    certificateAlerts,
    ingressAlerts,
    mysqlAlerts(environment),
    xwikiAlerts(environment),
    backupAlerts(environment),
  ];
}

/** One PrometheusRule per group, in `observability` (Prometheus selects rules of every namespace). */
export function renderPrometheusRules(environment: Environment): PrometheusRule[] {
  return alertGroups(environment).map(
    (group) =>
      new PrometheusRule({
        metadata: { name: `platform-${group.name}`, namespace: observabilityNamespace, labels: standardLabels({ name: `platform-${group.name}`, component: 'alerts' }) },
        spec: { groups: [{ name: group.name, rules: group.alerts.map((alert) => alertingRule(environment, alert)) }] },
      }),
  );
}
