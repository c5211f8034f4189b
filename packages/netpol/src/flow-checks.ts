import { BuildInputError, type WorkloadPort } from '@open4goods/kit';
import { type Flow, type FlowEnd, type FlowPort, labelsSelected } from './flow.ts';
import type { PlatformWorkload } from './platform-workloads.ts';

const flowsFile = 'packages/netpol/src/flows.ts';

/** Whether a declared port (or range) covers the flow's port: by name, by number, or the whole range. */
function declares(candidate: WorkloadPort, port: FlowPort): boolean {
  if (typeof port.port === 'string') return candidate.name === port.port;
  const last = candidate.endPort ?? candidate.port;
  return candidate.port <= port.port && (port.endPort ?? port.port) <= last;
}

const describePort = (port: WorkloadPort) => `${port.name ? `${port.name} ` : ''}${port.port}${port.endPort !== undefined ? `-${port.endPort}` : ''}/${port.protocol}`;


/** The workloads a flow end designates, when its namespace is part of the platform (undefined otherwise). */
export function workloadsOfEnd(end: FlowEnd, workloads: readonly PlatformWorkload[], namespaces: ReadonlySet<string>): PlatformWorkload[] | undefined {
  if (end.kind !== 'workload' || !namespaces.has(end.selector.namespace)) return undefined;
  return workloads.filter((candidate) => candidate.namespace === end.selector.namespace && labelsSelected(end.selector.podLabels, candidate.podLabels));
}

/**
 * A flow must designate what the platform renders: a selector that matches no pod of a rendered
 * namespace, or a port the destination pods do not declare, fails the build here instead of
 * silently cutting the traffic in production.
 */
export function checkFlow(flow: Flow, workloads: readonly PlatformWorkload[], namespaces: ReadonlySet<string>): void {
  for (const [side, end] of [
    ['from', flow.from],
    ['to', flow.to],
  ] as const) {
    const matched = workloadsOfEnd(end, workloads, namespaces);
    if (matched && matched.length === 0 && end.kind === 'workload') {
      throw new BuildInputError(
        flowsFile,
        `flow ${flow.name}: ${side}`,
        `the selector ${JSON.stringify(end.selector.podLabels)} of ${end.name} matches no pod in namespace ${end.selector.namespace}`,
        `select the pods by the labels their package exports (a label was renamed or the workload removed)`,
      );
    }
  }
  for (const port of flow.ports) {
    if (port.endPort !== undefined && (typeof port.port !== 'number' || port.endPort < port.port)) {
      throw new BuildInputError(flowsFile, `flow ${flow.name}: ports`, `the range ${port.port}-${port.endPort} is not a numbered range`, 'give a range as its first and last port numbers');
    }
  }
  const destinations = workloadsOfEnd(flow.to, workloads, namespaces) ?? [];
  for (const destination of destinations) {
    for (const port of flow.ports) {
      const declared = destination.ports.some((candidate) => candidate.protocol === port.protocol && declares(candidate, port));
      if (!declared) {
        throw new BuildInputError(
          flowsFile,
          `flow ${flow.name}: ports`,
          `${destination.namespace}/${destination.name} declares no ${port.protocol} port ${JSON.stringify(port.endPort !== undefined ? `${port.port}-${port.endPort}` : port.port)} (it has ${destination.ports.map(describePort).join(', ') || 'none'})`,
          'use the port constant the destination package exports',
        );
      }
    }
  }
}
