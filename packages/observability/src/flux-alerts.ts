import { Alert } from '@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Alert';
import { Provider } from '@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Provider';
import type { Environment } from '@open4goods/environments';
import { type WorkloadSelector, standardLabels } from '@open4goods/kit';
import { fluxNamespace, observabilityNamespace } from './names.ts';
import { observabilityPorts } from './workloads.ts';

/** Flux's notification-controller as `flux bootstrap` installs it: the pods that post Flux's events. */
export const fluxNotificationControllerWorkload: WorkloadSelector = { namespace: fluxNamespace, podLabels: { app: 'notification-controller' } };

/**
 * Alertmanager's API through `alertmanager-operated`, the Service the Prometheus Operator creates
 * for every Alertmanager it runs.
 */
export const alertmanagerAlertsApi = `http://alertmanager-operated.${observabilityNamespace}.svc:${observabilityPorts.alertmanager.port}/api/v2/alerts/`;

export const fluxAlertProviderName = 'alertmanager';
export const fluxAlertName = 'reconciliation-errors';

const labels = () => standardLabels({ name: 'flux-alerts', component: 'alerting' });

/**
 * Flux's own events as alerts: every error event of a Kustomization or of the Git source (a
 * failed health check, such as a failed smoke Job; a failed apply; an unreachable repository) is
 * posted to Alertmanager, named `Flux<Kind><Reason>` by Flux, with the `cluster` label of the
 * environment, and routed like the platform's warnings. Every unit is a Kustomization, so a failed
 * HelmRelease reaches Alertmanager through the Kustomization that waits for it.
 */
export function renderFluxAlerts(environment: Environment): [Provider, Alert] {
  return [
    new Provider({
      metadata: { name: fluxAlertProviderName, namespace: fluxNamespace, labels: labels() },
      spec: { type: 'alertmanager', address: alertmanagerAlertsApi },
    }),
    new Alert({
      metadata: { name: fluxAlertName, namespace: fluxNamespace, labels: labels() },
      spec: {
        providerRef: { name: fluxAlertProviderName },
        eventSeverity: 'error',
        eventSources: [
          { kind: 'Kustomization', name: '*' },
          { kind: 'GitRepository', name: '*' },
        ],
        eventMetadata: {
          cluster: environment.name,
          summary: `A Flux reconciliation failed in ${environment.name}: ${environment.observability.runbookBaseUrl}/alerts.md#flux-reconciliation-errors`,
        },
      },
    }),
  ];
}
