import { planBuild } from '../engine/plan.ts';
import { imagesOf } from '../engine/images.ts';
import { type RenderedEnvironment, chartObjectsOf, objectsOf } from '../engine/render.ts';
import { toMultiDocumentYaml } from '../engine/serialize.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf, environmentNamed } from '../workspace.ts';

/** The render of one environment (of one component, or all), with what its charts install. */
export function environmentRender(workspace: Workspace, environmentName: string, component?: string): RenderedEnvironment {
  environmentNamed(workspace, environmentName);
  const plan = planBuild(buildInputOf(workspace), { environments: [environmentName], ...(component ? { components: [component] } : {}) });
  return plan.renders.find((candidate) => candidate.environment.name === environmentName)!;
}

/** The final objects of an environment, of one component or all. */
export function renderedObjects(workspace: Workspace, environmentName: string, component?: string) {
  const render = environmentRender(workspace, environmentName, component);
  return objectsOf({ ...render, units: render.units.filter((unit) => !component || unit.node.component === component) });
}

/** `o4g render <env> [component]`: the final objects of an environment, as multi-document YAML. */
export function runRender(workspace: Workspace, environmentName: string, component: string | undefined, output: Output): number {
  output.out(toMultiDocumentYaml(renderedObjects(workspace, environmentName, component)));
  return 0;
}

/** Every image an environment deploys: ours and those of the charts its HelmReleases install (rendered by Helm). */
export function deployedImages(workspace: Workspace, environmentName: string, withCharts = true): string[] {
  const render = environmentRender(workspace, environmentName);
  return imagesOf([...objectsOf(render), ...(withCharts ? chartObjectsOf(render.charts) : [])]);
}

/** `o4g images [--env E]`: every deployed image reference (ours and the charts'), as a JSON array of strings. */
export function runImages(workspace: Workspace, environmentNames: readonly string[], output: Output, options: { withCharts: boolean } = { withCharts: true }): number {
  const names = environmentNames.length > 0 ? environmentNames : workspace.environments.map((environment) => environment.name);
  const images = new Set(names.flatMap((name) => deployedImages(workspace, name, options.withCharts)));
  output.out(`${JSON.stringify([...images].sort(), null, 2)}\n`);
  return 0;
}
