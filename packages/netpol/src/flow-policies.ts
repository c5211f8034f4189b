import { standardLabels } from '@open4goods/kit';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IIoK8sApiNetworkingV1NetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { Flow, FlowEnd } from './flow.ts';

export const namespaceNameLabel = 'kubernetes.io/metadata.name';
export const flowReasonAnnotation = 'open4goods.org/flow';

const isIpv6 = (cidr: string) => cidr.includes(':');

/** ipBlocks of an address end; each keeps only the exceptions of its own family (the API requires it). */
function ipBlocks(end: Extract<FlowEnd, { kind: 'addresses' }>): IIoK8sApiNetworkingV1NetworkPolicyPeer[] {
  return end.cidrs.map((cidr) => {
    const except = (end.except ?? []).filter((candidate) => isIpv6(candidate) === isIpv6(cidr));
    return { ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } };
  });
}

/** The peer designating `end` in a policy of `policyNamespace`. */
function peerOf(end: FlowEnd, policyNamespace: string): IIoK8sApiNetworkingV1NetworkPolicyPeer[] {
  switch (end.kind) {
    case 'workload':
      return [
        end.selector.namespace === policyNamespace
          ? { podSelector: { matchLabels: { ...end.selector.podLabels } } }
          : { namespaceSelector: { matchLabels: { [namespaceNameLabel]: end.selector.namespace } }, podSelector: { matchLabels: { ...end.selector.podLabels } } },
      ];
    case 'every-pod':
      return [{ namespaceSelector: {} }];
    case 'addresses':
      return ipBlocks(end);
  }
}

function policy(name: string, namespace: string, flow: Flow, spec: NetworkPolicy['spec']): NetworkPolicy {
  return new NetworkPolicy({
    metadata: { name, namespace, labels: standardLabels({ name: 'netpol', component: 'network-policy' }), annotations: { [flowReasonAnnotation]: flow.reason } },
    spec,
  });
}

const portsOf = (flow: Flow) => flow.ports.map((port) => ({ port: port.port, ...(port.endPort !== undefined ? { endPort: port.endPort } : {}), protocol: port.protocol }));

/**
 * The policies one flow needs: egress from its source, in each rendered namespace the source
 * covers, and ingress to its destination when that namespace is rendered. A side in a namespace
 * the platform does not render (kube-system, or a component not built yet) is left to its owner.
 */
export function policiesForFlow(flow: Flow, renderedNamespaces: readonly string[]): NetworkPolicy[] {
  const rendered = new Set(renderedNamespaces);
  const policies: NetworkPolicy[] = [];
  const egressNamespaces =
    flow.from.kind === 'every-pod' ? renderedNamespaces : flow.from.kind === 'workload' && rendered.has(flow.from.selector.namespace) ? [flow.from.selector.namespace] : [];
  for (const namespace of egressNamespaces) {
    const podSelector = flow.from.kind === 'workload' ? { matchLabels: { ...flow.from.selector.podLabels } } : {};
    policies.push(policy(`${flow.name}-egress`, namespace, flow, { podSelector, policyTypes: ['Egress'], egress: [{ to: peerOf(flow.to, namespace), ports: portsOf(flow) }] }));
  }
  if (flow.to.kind === 'workload' && rendered.has(flow.to.selector.namespace)) {
    const namespace = flow.to.selector.namespace;
    policies.push(
      policy(`${flow.name}-ingress`, namespace, flow, {
        podSelector: { matchLabels: { ...flow.to.selector.podLabels } },
        policyTypes: ['Ingress'],
        ingress: [{ from: peerOf(flow.from, namespace), ports: portsOf(flow) }],
      }),
    );
  }
  return policies;
}

/** Denies all ingress and egress of every pod of a namespace: the flows then open what is needed. */
export function renderDefaultDeny(namespace: string): NetworkPolicy {
  return new NetworkPolicy({
    metadata: {
      name: 'default-deny',
      namespace,
      labels: standardLabels({ name: 'netpol', component: 'network-policy' }),
      annotations: { [flowReasonAnnotation]: 'zero trust: nothing talks to anything unless a flow of packages/netpol/src/flows.ts allows it' },
    },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
}
