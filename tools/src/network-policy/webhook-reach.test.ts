import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../engine/plain-object.ts';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { webhookReachViolations } from './webhook-reach.ts';

const environment = fixtureEnvironment('alpha');
const apiCidrs = environment.network.kubernetesApi.cidrs;

const namespace: PlainObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'certs' } };
const denyAll: PlainObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'certs' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const webhookConfiguration = (port?: number): PlainObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'certs-webhook' },
  webhooks: [{ name: 'check.certs.example.org', clientConfig: { service: { namespace: 'certs', name: 'webhook', ...(port ? { port } : {}) } } }],
});
const service: PlainObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'webhook', namespace: 'certs' },
  spec: { selector: { app: 'webhook' }, ports: [{ port: 443, targetPort: 'https' }] },
};
const deployment: PlainObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'webhook', namespace: 'certs' },
  spec: { template: { metadata: { labels: { app: 'webhook' } }, spec: { containers: [{ name: 'webhook', image: 'webhook:1', ports: [{ name: 'https', containerPort: 10250 }] }] } } },
};
const fromApiServer = (port: number): PlainObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'kubernetes-api-to-webhook-ingress', namespace: 'certs' },
  spec: { podSelector: { matchLabels: { app: 'webhook' } }, policyTypes: ['Ingress'], ingress: [{ from: apiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port, protocol: 'TCP' }] }] },
});

describe('webhookReachViolations', () => {
  it("refuses a chart's webhook behind a default deny, on the container port its Service's named target port leads to", () => {
    expect(webhookReachViolations(environment, [namespace, denyAll], [webhookConfiguration(), service, deployment])).toEqual([
      'ValidatingWebhookConfiguration certs-webhook (check.certs.example.org) calls Service certs/webhook: no NetworkPolicy lets the API server reach Deployment/certs/webhook on 10250/TCP (declare the flow in packages/netpol/src/flows.ts)',
    ]);
  });

  it('accepts it once a policy lets the API server in on that port, and not on another', () => {
    expect(webhookReachViolations(environment, [namespace, denyAll, fromApiServer(10250)], [webhookConfiguration(), service, deployment])).toEqual([]);
    expect(webhookReachViolations(environment, [namespace, denyAll, fromApiServer(443)], [webhookConfiguration(), service, deployment])).toHaveLength(1);
  });

  it('names a webhook whose Service is missing, lacks the port, or selects no pod', () => {
    expect(webhookReachViolations(environment, [namespace], [webhookConfiguration()])).toEqual([expect.stringContaining('calls Service certs/webhook, which the render does not have')]);
    expect(webhookReachViolations(environment, [namespace], [webhookConfiguration(8443), service, deployment])).toEqual([expect.stringContaining('on port 8443, which the Service does not expose')]);
    expect(webhookReachViolations(environment, [namespace], [webhookConfiguration(), service])).toEqual([expect.stringContaining('whose selector matches no rendered pod')]);
  });

  it('covers aggregated APIs too (the metrics API of metrics-server)', () => {
    const apiService: PlainObject = { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { service: { namespace: 'certs', name: 'webhook' } } };
    expect(webhookReachViolations(environment, [namespace, denyAll], [apiService, service, deployment])).toEqual([expect.stringMatching(/^APIService v1beta1\.metrics\.k8s\.io calls Service certs\/webhook: no NetworkPolicy/)]);
  });
});
