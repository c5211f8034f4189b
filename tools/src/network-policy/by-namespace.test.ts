import { describe, expect, it } from 'vitest';
import { mermaidOf } from '../documents/network-flows.ts';
import type { ExternalEndpoint, PodEndpoint } from './endpoints.ts';
import type { EnvironmentMatrix } from './environment-matrix.ts';
import type { NetworkPolicy } from './evaluator.ts';
import { flowsByNamespace, formatByNamespace } from './by-namespace.ts';
import { connectivityMatrix } from './matrix.ts';

const pod = (namespace: string, name: string, ports: PodEndpoint['ports']): PodEndpoint => ({
  kind: 'pod',
  name,
  namespace,
  labels: { app: name },
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  ports,
});

const web = pod('shop', 'web', [{ name: 'http', port: 8080, protocol: 'TCP' }]);
const worker = pod('shop', 'worker', []);
const dns = pod('kube-system', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }]);
const internet: ExternalEndpoint = { kind: 'external', name: 'internet', ip: '203.0.113.10', ports: [{ port: 443, protocol: 'TCP' }] };
const policies: NetworkPolicy[] = [
  { metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } },
  {
    metadata: { name: 'worker-to-web', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'worker' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }, { to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }] }],
    },
  },
  {
    metadata: { name: 'web-from-worker', namespace: 'shop' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'worker' } } }] }] },
  },
];
const endpoints = [web, worker, dns, internet];
const matrix: EnvironmentMatrix = { endpoints, policies, flows: connectivityMatrix(policies, endpoints, (endpoint) => endpoint.kind === 'pod' && endpoint.namespace === 'shop') };

describe('the connectivity report per namespace', () => {
  it('groups the flows by the namespace they leave and the one they enter', () => {
    const [shop, kubeSystem, outside] = flowsByNamespace(matrix);
    expect(shop!.outgoing.map((flow) => `${flow.from} -> ${flow.to}`)).toEqual(['shop/worker -> shop/web', 'shop/worker -> kube-system/kube-dns']);
    expect(kubeSystem!.incoming.map((flow) => flow.from)).toEqual(['shop/worker']);
    expect(outside!.name).toBe('outside the pod network');
  });

  it('says which namespace its policies isolate and which no policy selects (allowed everything)', () => {
    const report = formatByNamespace('test', matrix);
    expect(report).toContain('namespace shop\n  NetworkPolicies isolate all 2 workloads for ingress and egress: what is not listed is denied.\n');
    expect(report).toContain('  out   worker -> web: 8080/TCP (http)\n        worker -> kube-system/kube-dns: 53/UDP (dns)\n');
    expect(report.replace(/\s+/g, ' ')).toContain('namespace kube-system no NetworkPolicy selects its pods (kube-dns): Kubernetes lets them accept and open every connection.');
    // web may not reach the internet, nor the internet web: nothing listed for them.
    expect(report).not.toContain('web -> internet');
    expect(report).toContain('outside the pod network\n  internet: no NetworkPolicy applies to them');
  });

  it('names the pods that a partial set of policies leaves open', () => {
    const partial = policies.slice(1);
    const partialMatrix: EnvironmentMatrix = { endpoints, policies: partial, flows: connectivityMatrix(partial, endpoints) };
    expect(formatByNamespace('test', partialMatrix).replace(/\s+/g, ' ')).toContain(
      'partly isolated: no policy restricts ingress of worker nor egress of web (they allow everything that way).',
    );
  });

  it('draws one arrow per flow but DNS, between nodes declared in their namespace', () => {
    const { diagram, dnsEdges } = mermaidOf(matrix);
    expect(dnsEdges).toBe(1);
    expect(diagram).toContain('  subgraph n_ns_shop["namespace shop"]\n    n_shop_web["web"]\n    n_shop_worker["worker"]\n  end\n');
    const arrows = diagram.split('\n').filter((line) => line.includes('-->'));
    expect(arrows).toEqual(['  n_shop_worker -->|"8080/TCP"| n_shop_web']);
    const declared = new Set([...diagram.matchAll(/^ {4}(n_\w+)\[/gm)].map((match) => match[1]));
    for (const arrow of arrows) for (const id of arrow.match(/n_\w+/g)!) expect(declared.has(id), id).toBe(true);
  });
});
