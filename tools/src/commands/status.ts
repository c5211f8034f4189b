import { planBuild } from '../engine/plan.ts';
import type { Output } from '../output.ts';
import { formatStatus } from '../status/format-status.ts';
import { type Workspace, buildInputOf, environmentNamed } from '../workspace.ts';

/** `o4g status <env>`: per unit, its kinds, charts, images, hosts, volumes and Secrets with their sources. */
export function runStatus(workspace: Workspace, environmentName: string, output: Output): number {
  environmentNamed(workspace, environmentName);
  const plan = planBuild(buildInputOf(workspace), { environments: [environmentName] });
  const render = plan.renders.find((candidate) => candidate.environment.name === environmentName)!;
  const report = plan.reports.find((candidate) => candidate.environment.name === environmentName)!;
  output.out(formatStatus(render, report));
  return 0;
}
