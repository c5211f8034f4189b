import { terminalWidth, wrapWords } from '../text-wrap.ts';
import { type Endpoint, type PodEndpoint, describeEndpoint } from './endpoints.ts';
import type { EnvironmentMatrix } from './environment-matrix.ts';
import { isolatedFor } from './evaluator.ts';
import { type AllowedFlow, formatPort } from './matrix.ts';

/** Where an endpoint belongs in the report: its namespace, or outside the pod network. */
export const outsideThePodNetwork = 'outside the pod network';
const groupOf = (endpoint: Endpoint) => (endpoint.kind === 'pod' ? endpoint.namespace : outsideThePodNetwork);

/** One namespace (or the outside) with how its pods are isolated and the flows that leave or enter it. */
export interface NamespaceFlows {
  readonly name: string;
  readonly endpoints: readonly Endpoint[];
  /** Pods no policy selects for ingress / egress: Kubernetes lets them accept / open everything. */
  readonly openForIngress: readonly PodEndpoint[];
  readonly openForEgress: readonly PodEndpoint[];
  /** Flows whose source is here. */
  readonly outgoing: readonly AllowedFlow[];
  /** Flows from another namespace (or the outside) into this one. */
  readonly incoming: readonly AllowedFlow[];
}

export function flowsByNamespace(matrix: EnvironmentMatrix): NamespaceFlows[] {
  const byName = new Map(matrix.endpoints.map((endpoint) => [describeEndpoint(endpoint), endpoint]));
  const names = [...new Set(matrix.endpoints.map(groupOf))];
  return names.map((name) => {
    const endpoints = matrix.endpoints.filter((endpoint) => groupOf(endpoint) === name);
    const pods = endpoints.filter((endpoint): endpoint is PodEndpoint => endpoint.kind === 'pod');
    return {
      name,
      endpoints,
      openForIngress: pods.filter((pod) => !isolatedFor(matrix.policies, pod, 'Ingress')),
      openForEgress: pods.filter((pod) => !isolatedFor(matrix.policies, pod, 'Egress')),
      outgoing: matrix.flows.filter((flow) => groupOf(byName.get(flow.from)!) === name),
      incoming: matrix.flows.filter((flow) => groupOf(byName.get(flow.to)!) === name && groupOf(byName.get(flow.from)!) !== name),
    };
  });
}

function isolationSentence(group: NamespaceFlows): string {
  if (group.name === outsideThePodNetwork) return `${group.endpoints.map(describeEndpoint).join(', ')}: no NetworkPolicy applies to them; only the pods' policies limit these flows.`;
  const pods = group.endpoints.length;
  if (group.openForIngress.length === 0 && group.openForEgress.length === 0) {
    return `NetworkPolicies isolate all ${pods} workload${pods === 1 ? '' : 's'} for ingress and egress: what is not listed is denied.`;
  }
  if (group.openForIngress.length === pods && group.openForEgress.length === pods) {
    return `no NetworkPolicy selects its pods (${group.endpoints.map((endpoint) => (endpoint as PodEndpoint).name).join(', ')}): Kubernetes lets them accept and open every connection. Listed: the flows with the platform's namespaces, which those namespaces' policies allow.`;
  }
  const names = (list: readonly PodEndpoint[]) => list.map((pod) => pod.name).join(', ') || 'none';
  return `partly isolated: no policy restricts ingress of ${names(group.openForIngress)} nor egress of ${names(group.openForEgress)} (they allow everything that way).`;
}

/** `namespace/name` within its own namespace reads as `name`. */
function local(endpoint: string, namespace: string): string {
  return endpoint.startsWith(`${namespace}/`) ? endpoint.slice(namespace.length + 1) : endpoint;
}

function flowLines(label: string, flows: readonly AllowedFlow[], namespace: string): string[] {
  return flows.flatMap((flow, index) => {
    const text = `${local(flow.from, namespace)} -> ${local(flow.to, namespace)}: ${flow.ports.map(formatPort).join(', ')}`;
    const prefix = (index === 0 ? label : '').padEnd(6);
    return wrapWords(text, terminalWidth - 8).map((line, lineIndex) => `  ${lineIndex === 0 ? prefix : ' '.repeat(8)}${line}`.trimEnd());
  });
}

/** The report of `o4g netpol`: per namespace, its isolation, then what leaves it and what enters it. */
export function formatByNamespace(environmentName: string, matrix: EnvironmentMatrix): string {
  const header = `Connectivity of ${environmentName}: ${matrix.policies.length} NetworkPolicies, ${matrix.endpoints.length} endpoints, ${matrix.flows.length} allowed flows`;
  const blocks = flowsByNamespace(matrix).map((group) => {
    const title = group.name === outsideThePodNetwork ? group.name : `namespace ${group.name}`;
    return [
      title,
      ...wrapWords(isolationSentence(group), terminalWidth - 2).map((line) => `  ${line}`),
      ...flowLines('out', group.outgoing, group.name),
      ...flowLines('in', group.incoming, group.name),
      ...(group.outgoing.length + group.incoming.length === 0 ? ['  no flow in or out'] : []),
    ].join('\n');
  });
  return [...wrapWords(header, terminalWidth), '', blocks.join('\n\n'), ''].join('\n');
}
