import { type PortProtocol, cidrContains } from '@open4goods/kit';
import { type Flow, type FlowEnd, type FlowPort, labelsSelected } from './flow.ts';
import type { PlatformWorkload } from './platform-workloads.ts';

/** Where a connection goes: the pods of a workload, or an address outside the pod network. */
export type ConnectionDestination = { readonly kind: 'workload'; readonly workload: PlatformWorkload } | { readonly kind: 'address'; readonly address: string };

/** One connection as a pod would open it: from pods with these labels, to a destination port. */
export interface ModelConnection {
  readonly from: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>> };
  readonly to: ConnectionDestination;
  readonly port: number;
  readonly protocol: PortProtocol;
}

function sourceMatches(end: FlowEnd, connection: ModelConnection, namespaces: ReadonlySet<string>): boolean {
  if (end.kind === 'every-pod') return namespaces.has(connection.from.namespace);
  if (end.kind === 'workload') return end.selector.namespace === connection.from.namespace && labelsSelected(end.selector.podLabels, connection.from.podLabels);
  return false;
}

function destinationMatches(end: FlowEnd, destination: ConnectionDestination): boolean {
  if (destination.kind === 'address') {
    if (end.kind !== 'addresses') return false;
    const within = (cidr: string) => cidrContains(cidr, destination.address);
    return end.cidrs.some(within) && !(end.except ?? []).some(within);
  }
  const { workload } = destination;
  return end.kind === 'workload' && end.selector.namespace === workload.namespace && labelsSelected(end.selector.podLabels, workload.podLabels);
}

function portMatches(port: FlowPort, connection: ModelConnection): boolean {
  if (port.protocol !== connection.protocol) return false;
  if (typeof port.port === 'string') {
    // A named port means the number the destination pods give that name.
    const { to } = connection;
    return to.kind === 'workload' && to.workload.ports.some((candidate) => candidate.name === port.port && candidate.protocol === port.protocol && candidate.port === connection.port);
  }
  return port.port <= connection.port && connection.port <= (port.endPort ?? port.port);
}

/**
 * The declared flows that allow a connection: what the flow model says, before any policy is
 * generated. The smoke package derives the expectation of each in-cluster network probe from it;
 * the connectivity matrix (tools) evaluates the generated policies, and a test proves both agree.
 */
export function flowsAllowing(flows: readonly Flow[], connection: ModelConnection, namespaces: ReadonlySet<string>): Flow[] {
  return flows.filter(
    (flow) => sourceMatches(flow.from, connection, namespaces) && destinationMatches(flow.to, connection.to) && flow.ports.some((port) => portMatches(port, connection)),
  );
}
