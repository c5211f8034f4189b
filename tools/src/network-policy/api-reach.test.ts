import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../engine/plain-object.ts';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { apiReachViolations } from './api-reach.ts';

const environment = fixtureEnvironment('alpha');
const apiCidrs = environment.network.kubernetesApi.cidrs;
const apiPorts = environment.network.kubernetesApi.ports;

const namespace: PlainObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storage' } };
const denyAll: PlainObject = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'storage' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const binding: PlainObject = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'manager' },
  roleRef: { kind: 'ClusterRole', name: 'manager' },
  subjects: [{ kind: 'ServiceAccount', name: 'manager', namespace: 'storage' }],
};
/** A chart's Helm hook Job running with the manager's ServiceAccount. */
const hookJob = (labels: Record<string, string>, automountServiceAccountToken?: boolean): PlainObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'post-upgrade', namespace: 'storage', annotations: { 'helm.sh/hook': 'post-upgrade' } },
  spec: { template: { metadata: { labels }, spec: { serviceAccountName: 'manager', ...(automountServiceAccountToken === undefined ? {} : { automountServiceAccountToken }), containers: [{ name: 'hook', image: 'hook:1' }] } } },
});
const apiEgress = (podLabels: Record<string, string>): PlainObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'hook-to-kubernetes-api-egress', namespace: 'storage' },
  spec: { podSelector: { matchLabels: podLabels }, policyTypes: ['Egress'], egress: [{ to: apiCidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: apiPorts.map((port) => ({ port, protocol: 'TCP' })) }] },
});

describe('apiReachViolations', () => {
  it("refuses a chart's hook Job that calls the API (bound ServiceAccount, token mounted) behind a default deny", () => {
    expect(apiReachViolations(environment, [namespace, denyAll], [binding, hookJob({ app: 'post-upgrade' })])).toEqual([
      expect.stringMatching(new RegExp(`^Job/storage/post-upgrade \\(ServiceAccount storage/manager, granted by RBAC\\) cannot reach the Kubernetes API on ${apiPorts.map((port) => `${port}/TCP`).join(', ')}: no NetworkPolicy allows its egress there`)),
    ]);
  });

  it('accepts it once a policy selecting its labels lets it out to the API ports; a policy for other labels does not count', () => {
    expect(apiReachViolations(environment, [namespace, denyAll, apiEgress({ app: 'post-upgrade' })], [binding, hookJob({ app: 'post-upgrade' })])).toEqual([]);
    expect(apiReachViolations(environment, [namespace, denyAll, apiEgress({ app: 'manager' })], [binding, hookJob({ app: 'post-upgrade' })])).toHaveLength(1);
  });

  it('leaves out pods that do not call the API: no binding for their ServiceAccount, or no token mounted', () => {
    expect(apiReachViolations(environment, [namespace, denyAll], [hookJob({ app: 'post-upgrade' })])).toEqual([]);
    expect(apiReachViolations(environment, [namespace, denyAll], [binding, hookJob({ app: 'post-upgrade' }, false)])).toEqual([]);
  });
});
