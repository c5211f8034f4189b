import { objectsOf } from '../engine/render.ts';
import { planBuild } from '../engine/plan.ts';
import { environmentMatrix } from '../network-policy/environment-matrix.ts';
import { formatMatrix } from '../network-policy/matrix.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf, environmentNamed } from '../workspace.ts';

/** `o4g netpol <env>`: the flows the environment's NetworkPolicies allow, between all its workloads. */
export function runNetpol(workspace: Workspace, environmentName: string, output: Output): number {
  const environment = environmentNamed(workspace, environmentName);
  const plan = planBuild(buildInputOf(workspace), { environments: [environmentName] });
  const render = plan.renders.find((candidate) => candidate.environment.name === environmentName)!;
  const matrix = environmentMatrix(environment, objectsOf(render), workspace.components);
  output.out(`Connectivity of ${environmentName} (${matrix.policies.length} NetworkPolicies):\n${formatMatrix(matrix.flows, matrix.endpoints)}\n`);
  return 0;
}
