import type { WorkloadPort } from '@open4goods/kit';
import { type Endpoint, describeEndpoint } from './endpoints.ts';
import { type NetworkPolicy, connectionAllowed } from './evaluator.ts';

/** Ports of `to` that `from` may open a connection to. */
export interface AllowedFlow {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly WorkloadPort[];
}

export const formatPort = (port: WorkloadPort) => `${port.port}${port.endPort !== undefined ? `-${port.endPort}` : ''}/${port.protocol}${port.name ? ` (${port.name})` : ''}`;

/**
 * Every allowed (source, destination, port) between the endpoints: each port a destination listens
 * on is tried from each endpoint, itself included (a workload's pods on several nodes talk to each
 * other only when a flow allows it, as Longhorn's managers do). Pairs where neither side is
 * `inScope` are left out (traffic the platform's policies do not govern, e.g. between kube-system
 * and the internet).
 */
export function connectivityMatrix(policies: readonly NetworkPolicy[], endpoints: readonly Endpoint[], inScope: (endpoint: Endpoint) => boolean = () => true): AllowedFlow[] {
  const flows: AllowedFlow[] = [];
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (!inScope(from) && !inScope(to)) continue;
      const ports = to.ports.filter((port) => connectionAllowed(policies, { from, to, port: port.port, ...(port.endPort !== undefined ? { endPort: port.endPort } : {}), protocol: port.protocol }));
      if (ports.length > 0) flows.push({ from: describeEndpoint(from), to: describeEndpoint(to), ports });
    }
  }
  return flows;
}
