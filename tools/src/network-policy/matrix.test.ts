import { describe, expect, it } from 'vitest';
import type { PodEndpoint } from './endpoints.ts';
import type { NetworkPolicy } from './evaluator.ts';
import { connectivityMatrix, formatPort } from './matrix.ts';

const pod = (name: string, labels: Record<string, string>, ports: PodEndpoint['ports']): PodEndpoint => ({
  kind: 'pod',
  name,
  namespace: 'storage',
  labels,
  namespaceLabels: { 'kubernetes.io/metadata.name': 'storage' },
  ports,
});

const replicas = pod('replicas', { app: 'replicas' }, [{ port: 10000, endPort: 30000, protocol: 'TCP' }]);
const ui = pod('ui', { app: 'ui' }, [{ name: 'http', port: 8000, protocol: 'TCP' }]);
const policies: NetworkPolicy[] = [
  { metadata: { name: 'deny', namespace: 'storage' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  {
    metadata: { name: 'replicas', namespace: 'storage' },
    spec: {
      podSelector: { matchLabels: { app: 'replicas' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'replicas' } } }], ports: [{ port: 10000, endPort: 30000 }] }],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'replicas' } } }], ports: [{ port: 10000, endPort: 30000 }] }],
    },
  },
];

describe('the connectivity matrix', () => {
  it("lists a workload's traffic with itself (its pods on other nodes) when a policy allows it, and only then", () => {
    expect(connectivityMatrix(policies, [replicas, ui])).toEqual([{ from: 'storage/replicas', to: 'storage/replicas', ports: [{ port: 10000, endPort: 30000, protocol: 'TCP' }] }]);
    expect(connectivityMatrix(policies.slice(0, 1), [replicas, ui])).toEqual([]);
  });

  it('writes a port range as first-last', () => {
    expect(formatPort({ port: 10000, endPort: 30000, protocol: 'TCP' })).toBe('10000-30000/TCP');
    expect(formatPort({ name: 'http', port: 8000, protocol: 'TCP' })).toBe('8000/TCP (http)');
  });
});
