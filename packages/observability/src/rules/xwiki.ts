import { type Environment, appsSuspendedIn } from '@open4goods/environments';
import { xwikiName } from '@open4goods/xwiki';
import { type AlertGroupDefinition, labelSelector } from './alert-rule.ts';

/**
 * XWiki has no metrics endpoint of its own (no JMX exporter), so "down" is what Kubernetes sees:
 * no available replica, i.e. the readiness probe on /rest/wikis/xwiki/spaces fails or the pod does
 * not run. Server errors seen by users are the ingress 5xx alert.
 */
export function xwikiAlerts(environment: Environment): AlertGroupDefinition {
  const deployment = labelSelector({ namespace: environment.appNamespace, deployment: xwikiName });
  const missing = appsSuspendedIn(environment) ? '' : ` or absent(kube_deployment_status_replicas_available${deployment})`;
  return {
    name: 'xwiki',
    alerts: [
      {
        alert: 'XWikiDown',
        expr: `kube_deployment_status_replicas_available${deployment} < 1${missing}`,
        for: '5m',
        severity: 'critical',
        summary: `XWiki in ${environment.appNamespace} is down`,
        description: 'No XWiki replica is available: its readiness probe fails, the pod is not running, or the Deployment is missing. The wiki is unreachable.',
      },
    ],
  };
}
