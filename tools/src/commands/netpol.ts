import { objectsOf } from '../engine/render.ts';
import { planBuild } from '../engine/plan.ts';
import { formatByNamespace } from '../network-policy/by-namespace.ts';
import { environmentMatrix } from '../network-policy/environment-matrix.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf, environmentNamed } from '../workspace.ts';

/** `o4g netpol <env>`: the flows the environment's NetworkPolicies allow, per namespace. */
export function runNetpol(workspace: Workspace, environmentName: string, output: Output): number {
  const environment = environmentNamed(workspace, environmentName);
  const plan = planBuild(buildInputOf(workspace), { environments: [environmentName] });
  const render = plan.renders.find((candidate) => candidate.environment.name === environmentName)!;
  output.out(formatByNamespace(environmentName, environmentMatrix(environment, objectsOf(render), workspace.components)));
  return 0;
}
