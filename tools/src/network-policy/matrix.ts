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

/** A grid: row i may open a connection to column j (x), with the endpoints numbered; `-` marks a workload denied to itself. */
export function formatGrid(flows: readonly AllowedFlow[], endpoints: readonly Endpoint[]): string {
  const names = endpoints.map(describeEndpoint);
  const width = Math.max(...names.map((name) => name.length)) + 5;
  const number = (index: number) => String(index + 1).padStart(2);
  const header = `${' '.repeat(width)}${names.map((_, index) => number(index)).join(' ')}`;
  const rows = names.map((from, row) => {
    const cells = names.map((to, column) => (flows.some((flow) => flow.from === from && flow.to === to) ? ' x' : row === column ? ' -' : ' .'));
    return `${number(row)} ${from.padEnd(width - 3)}${cells.join(' ')}`;
  });
  return [header, ...rows].join('\n');
}

/** The grid, then `from -> to: ports` per allowed pair, then the endpoints no flow touches. */
export function formatMatrix(flows: readonly AllowedFlow[], endpoints: readonly Endpoint[]): string {
  const lines = flows.map((flow) => `  ${flow.from} -> ${flow.to}: ${flow.ports.map(formatPort).join(', ')}`);
  const isolated = endpoints.map(describeEndpoint).filter((name) => !flows.some((flow) => flow.from === name || flow.to === name));
  return [
    'row may open a connection to column (x); everything else is denied:',
    formatGrid(flows, endpoints),
    '',
    `${flows.length} allowed flow${flows.length === 1 ? '' : 's'} between ${endpoints.length} endpoints:`,
    ...lines,
    ...(isolated.length > 0 ? [`isolated (no flow in or out): ${isolated.join(', ')}`] : []),
  ].join('\n');
}
