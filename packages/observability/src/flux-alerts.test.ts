import { loadEnvironment } from '@open4goods/environments';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertmanagerAlertsApi, fluxNotificationControllerWorkload, renderFluxAlerts } from './flux-alerts.ts';
import { observabilityPorts } from './workloads.ts';

describe.each(['prod', 'staging'] as const)("Flux's error events as alerts in %s", (name) => {
  const environment = loadEnvironment(name);
  const [provider, alert] = renderFluxAlerts(environment);

  it("post to the stack's Alertmanager on its web port, from Flux's namespace", () => {
    expect(provider.spec).toEqual({ type: 'alertmanager', address: 'http://alertmanager-operated.observability.svc:9093/api/v2/alerts/' });
    expect(alertmanagerAlertsApi).toContain(`:${observabilityPorts.alertmanager.port}/`);
    expect([provider.metadata!.namespace, alert.metadata!.namespace]).toEqual(['flux-system', 'flux-system']);
    expect(fluxNotificationControllerWorkload).toEqual({ namespace: 'flux-system', podLabels: { app: 'notification-controller' } });
  });

  it('take only errors, of every Kustomization (each unit, a failed smoke Job among them) and of the Git source', () => {
    expect(alert.spec!.providerRef).toEqual({ name: provider.metadata!.name });
    expect(alert.spec!.eventSeverity).toBe('error');
    expect(alert.spec!.eventSources).toEqual([
      { kind: 'Kustomization', name: '*' },
      { kind: 'GitRepository', name: '*' },
    ]);
  });

  it("carry the environment's cluster label, as the platform's alerts do, and a summary linking its runbook section", () => {
    expect(alert.spec!.eventMetadata!.cluster).toBe(name);
    const summary = alert.spec!.eventMetadata!.summary!;
    expect(summary).toBe(`A Flux reconciliation failed in ${name}: https://github.com/open4goods/gitops/blob/main/docs/runbooks/alerts.md#flux-reconciliation-errors`);
    const runbook = readFileSync(new URL('../../../docs/runbooks/alerts.md', import.meta.url), 'utf8');
    expect(runbook).toMatch(/^## Flux reconciliation errors$/m);
  });

  it('pass the Flux CRD models', () => {
    expect(() => provider.validate()).not.toThrow();
    expect(() => alert.validate()).not.toThrow();
  });
});
