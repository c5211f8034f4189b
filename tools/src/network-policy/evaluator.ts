import type { Connection, Endpoint, PodEndpoint } from './endpoints.ts';
import { cidrContains } from '@open4goods/kit';
import { type LabelSelector, matchesSelector } from './label-selector.ts';

/** A NetworkPolicy (networking.k8s.io/v1) as plain data. */
export interface NetworkPolicy {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes?: readonly ('Ingress' | 'Egress')[];
    readonly ingress?: readonly PolicyRule<'from'>[];
    readonly egress?: readonly PolicyRule<'to'>[];
  };
}

export interface PolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

export interface PolicyPort {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

export type PolicyRule<Direction extends 'from' | 'to'> = { readonly [key in Direction]?: readonly PolicyPeer[] } & { readonly ports?: readonly PolicyPort[] };

/** Ingress always; Egress when the policy has egress rules (the API server's defaulting). */
function policyTypesOf(policy: NetworkPolicy): readonly string[] {
  return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
}

/** The policies of the pod's namespace that select it for a direction: it is isolated when there is one. */
function policiesSelecting(policies: readonly NetworkPolicy[], pod: PodEndpoint, direction: 'Ingress' | 'Egress'): NetworkPolicy[] {
  return policies.filter(
    (policy) => policy.metadata.namespace === pod.namespace && policyTypesOf(policy).includes(direction) && matchesSelector(policy.spec.podSelector, pod.labels),
  );
}

/** Whether a peer of a policy in `policyNamespace` designates `endpoint`. */
function peerMatches(peer: PolicyPeer, endpoint: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock) {
    const ip = endpoint.ip;
    if (!ip) return false;
    return cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((except) => cidrContains(except, ip));
  }
  if (endpoint.kind !== 'pod') return false;
  if (!peer.podSelector && !peer.namespaceSelector) return false;
  const namespaceMatches = peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, endpoint.namespaceLabels) : endpoint.namespace === policyNamespace;
  return namespaceMatches && matchesSelector(peer.podSelector ?? {}, endpoint.labels);
}

/** Whether a rule's ports admit the connection (one port); named ports are looked up on the destination pod. */
function portMatches(ports: readonly PolicyPort[] | undefined, connection: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((rule) => {
    if ((rule.protocol ?? 'TCP') !== connection.protocol) return false;
    if (rule.port === undefined) return true;
    if (typeof rule.port === 'string') {
      return connection.to.kind === 'pod' && connection.to.ports.some((port) => port.name === rule.port && port.port === connection.port && port.protocol === connection.protocol);
    }
    return rule.endPort !== undefined ? connection.port >= rule.port && connection.port <= rule.endPort : connection.port === rule.port;
  });
}

/**
 * The ports of a range connection where what the policies allow can change: its first port, and
 * wherever a rule's port, range or named port starts or ends inside it. Between two of them every
 * port is treated alike, so checking these ports checks the whole range, whatever the union of
 * rules and policies.
 */
function boundariesWithin(policies: readonly NetworkPolicy[], connection: Connection, last: number): number[] {
  const points = new Set([connection.port]);
  const add = (port: number) => {
    if (port > connection.port && port <= last) points.add(port);
  };
  for (const policy of policies) {
    for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])]) {
      for (const port of rule.ports ?? []) {
        if (typeof port.port === 'number') {
          add(port.port);
          add((port.endPort ?? port.port) + 1);
        } else if (typeof port.port === 'string' && connection.to.kind === 'pod') {
          for (const named of connection.to.ports.filter((candidate) => candidate.name === port.port)) {
            add(named.port);
            add(named.port + 1);
          }
        }
      }
    }
  }
  return [...points];
}

/** A connection over a range of ports (`endPort`) is allowed when every port of it is. */
function overEveryPort(policies: readonly NetworkPolicy[], connection: Connection, allowed: (connection: Connection) => boolean): boolean {
  const last = connection.endPort ?? connection.port;
  if (last === connection.port) return allowed(connection);
  return boundariesWithin(policies, connection, last).every((port) => allowed({ from: connection.from, to: connection.to, port, protocol: connection.protocol }));
}

function peersMatch(peers: readonly PolicyPeer[] | undefined, endpoint: Endpoint, policyNamespace: string): boolean {
  return !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, endpoint, policyNamespace));
}

/** The source side: the connection leaves `from` unless policies isolate it for egress and none allows it. */
export function egressAllowed(policies: readonly NetworkPolicy[], connection: Connection): boolean {
  return overEveryPort(policies, connection, (single) => egressAllowedOnePort(policies, single));
}

function egressAllowedOnePort(policies: readonly NetworkPolicy[], connection: Connection): boolean {
  if (connection.from.kind !== 'pod') return true;
  const selecting = policiesSelecting(policies, connection.from, 'Egress');
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec.egress ?? []).some((rule) => peersMatch(rule.to, connection.to, policy.metadata.namespace!) && portMatches(rule.ports, connection)),
  );
}

/** The destination side: the connection enters `to` unless policies isolate it for ingress and none allows it. */
export function ingressAllowed(policies: readonly NetworkPolicy[], connection: Connection): boolean {
  return overEveryPort(policies, connection, (single) => ingressAllowedOnePort(policies, single));
}

function ingressAllowedOnePort(policies: readonly NetworkPolicy[], connection: Connection): boolean {
  if (connection.to.kind !== 'pod') return true;
  const selecting = policiesSelecting(policies, connection.to, 'Ingress');
  if (selecting.length === 0) return true;
  return selecting.some((policy) =>
    (policy.spec.ingress ?? []).some((rule) => peersMatch(rule.from, connection.from, policy.metadata.namespace!) && portMatches(rule.ports, connection)),
  );
}

/**
 * Kubernetes NetworkPolicy semantics: policies are additive allow-lists; a connection needs the
 * egress side of its source and the ingress side of its destination to allow it.
 */
export function connectionAllowed(policies: readonly NetworkPolicy[], connection: Connection): boolean {
  return overEveryPort(policies, connection, (single) => egressAllowedOnePort(policies, single) && ingressAllowedOnePort(policies, single));
}

/** Whether some policy of the pod's namespace selects it for the direction; if none, Kubernetes allows it everything that way. */
export function isolatedFor(policies: readonly NetworkPolicy[], pod: PodEndpoint, direction: 'Ingress' | 'Egress'): boolean {
  return policiesSelecting(policies, pod, direction).length > 0;
}
