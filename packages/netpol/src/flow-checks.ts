import { BuildInputError } from '@open4goods/kit';
import type { Flow, FlowEnd } from './flow.ts';
import type { PlatformWorkload } from './platform-workloads.ts';

const flowsFile = 'packages/netpol/src/flows.ts';

const selects = (selector: Readonly<Record<string, string>>, workload: PlatformWorkload) => Object.entries(selector).every(([key, value]) => workload.podLabels[key] === value);

/** The workloads a flow end designates, when its namespace is part of the platform (undefined otherwise). */
export function workloadsOfEnd(end: FlowEnd, workloads: readonly PlatformWorkload[], namespaces: ReadonlySet<string>): PlatformWorkload[] | undefined {
  if (end.kind !== 'workload' || !namespaces.has(end.selector.namespace)) return undefined;
  return workloads.filter((candidate) => candidate.namespace === end.selector.namespace && selects(end.selector.podLabels, candidate));
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
  const destinations = workloadsOfEnd(flow.to, workloads, namespaces) ?? [];
  for (const destination of destinations) {
    for (const port of flow.ports) {
      const declared = destination.ports.some((candidate) =>
        candidate.protocol === port.protocol && (typeof port.port === 'string' ? candidate.name === port.port : candidate.port === port.port),
      );
      if (!declared) {
        throw new BuildInputError(
          flowsFile,
          `flow ${flow.name}: ports`,
          `${destination.namespace}/${destination.name} declares no ${port.protocol} port ${JSON.stringify(port.port)} (it has ${destination.ports.map((candidate) => `${candidate.name ?? ''}${candidate.name ? ' ' : ''}${candidate.port}/${candidate.protocol}`).join(', ') || 'none'})`,
          'use the port constant the destination package exports',
        );
      }
    }
  }
}
