import { type ChartWorkload, podPortsOf, podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from './plain-object.ts';

const selects = (workload: ChartWorkload, labels: Readonly<Record<string, string>> | undefined) =>
  Object.entries(workload.podLabels).every(([key, value]) => labels?.[key] === value);

/**
 * The hand-written chart workloads against what Helm renders: a declaration that selects rendered
 * pods must not declare a port those pods lack. One that selects none stands for pods a
 * controller creates at run time (Longhorn's instance managers, the operator's Prometheus), which
 * no render can show; those are listed by `runtimeCreated` for the report.
 */
export function chartWorkloadViolations(workloads: readonly ChartWorkload[], chartObjects: readonly PlainObject[]): { problems: string[]; runtimeCreated: string[] } {
  const pods = podTemplatesOf(chartObjects);
  const problems: string[] = [];
  const runtimeCreated: string[] = [];
  for (const workload of workloads) {
    const matched = pods.filter((pod) => pod.namespace === workload.namespace && selects(workload, pod.metadata.labels));
    if (matched.length === 0) {
      runtimeCreated.push(`${workload.namespace}/${workload.name}`);
      continue;
    }
    for (const pod of matched) {
      const ports = podPortsOf(pod.spec);
      for (const port of workload.ports) {
        const found = ports.some((candidate) => candidate.protocol === port.protocol && candidate.port === port.port);
        if (!found && port.endPort === undefined) {
          problems.push(`chart workload ${workload.namespace}/${workload.name} declares ${port.port}/${port.protocol}${port.name ? ` (${port.name})` : ''}, which ${pod.owner} as the chart renders it does not expose (it has ${ports.map((candidate) => `${candidate.port}/${candidate.protocol}`).join(', ') || 'none'})`);
        }
      }
    }
  }
  return { problems, runtimeCreated };
}
