import { prometheusWorkload } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../engine/plain-object.ts';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { scrapeReachViolations } from './scrape-reach.ts';

const environment = fixtureEnvironment('alpha');
const namespaces: PlainObject[] = ['db', prometheusWorkload.namespace].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
const denyAll: PlainObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'db' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const exporter: PlainObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'db' },
  spec: { template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'exporter', image: 'exporter:1', ports: [{ name: 'metrics', containerPort: 9104 }] }] } } },
};
const service = (name: string, ports: PlainObject['spec']): PlainObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'db', labels: { app: 'db' } }, spec: ports });
const metricsService = service('db', { selector: { app: 'db' }, ports: [{ name: 'metrics', port: 9104, targetPort: 'metrics' }] });
const headlessTwin = service('db-headless', { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'mysql', port: 3306 }] });
const serviceMonitor: PlainObject = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'db', namespace: prometheusWorkload.namespace },
  spec: { selector: { matchLabels: { app: 'db' } }, namespaceSelector: { matchNames: ['db'] }, endpoints: [{ port: 'metrics' }] },
};
const fromPrometheus: PlainObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'prometheus-to-db-ingress', namespace: 'db' },
  spec: {
    podSelector: { matchLabels: { app: 'db' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': prometheusWorkload.namespace } }, podSelector: { matchLabels: prometheusWorkload.podLabels } }], ports: [{ port: 9104, protocol: 'TCP' }] }],
  },
};

describe('scrapeReachViolations', () => {
  it('follows a ServiceMonitor to the container port and refuses a target Prometheus cannot reach; a headless twin without the port adds none', () => {
    expect(scrapeReachViolations(environment, [...namespaces, denyAll, exporter, metricsService, headlessTwin], [serviceMonitor])).toEqual([
      'ServiceMonitor observability/db: no NetworkPolicy lets Prometheus reach StatefulSet/db/db on 9104/TCP (declare the scrape in packages/netpol/src/flows.ts)',
    ]);
    expect(scrapeReachViolations(environment, [...namespaces, denyAll, fromPrometheus, exporter, metricsService, headlessTwin], [serviceMonitor])).toEqual([]);
  });

  it('names a monitor that selects nothing, and a port no selected Service has', () => {
    expect(scrapeReachViolations(environment, [...namespaces, exporter], [serviceMonitor])).toEqual(['ServiceMonitor observability/db selects no rendered Service']);
    expect(scrapeReachViolations(environment, [...namespaces, exporter, headlessTwin], [serviceMonitor])).toEqual(['ServiceMonitor observability/db: no selected Service has a port named "metrics"']);
  });

  it("leaves out monitors of Services outside the platform's namespaces (the API server's, the kubelets')", () => {
    const kubelet = { ...serviceMonitor, metadata: { name: 'kubelet', namespace: prometheusWorkload.namespace }, spec: { ...(serviceMonitor.spec as object), namespaceSelector: { matchNames: ['kube-system'] } } };
    expect(scrapeReachViolations(environment, namespaces, [kubelet])).toEqual([]);
  });

  it('follows a PodMonitor to the named container port', () => {
    const podMonitor: PlainObject = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'db', namespace: 'db' }, spec: { selector: { matchLabels: { app: 'db' } }, podMetricsEndpoints: [{ port: 'metrics' }] } };
    expect(scrapeReachViolations(environment, [...namespaces, denyAll, exporter], [podMonitor])).toEqual([expect.stringContaining('PodMonitor db/db: no NetworkPolicy lets Prometheus reach StatefulSet/db/db on 9104/TCP')]);
    expect(scrapeReachViolations(environment, [...namespaces, denyAll, fromPrometheus, exporter], [podMonitor])).toEqual([]);
  });
});
