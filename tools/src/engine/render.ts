import type { Environment } from '@open4goods/environments';
import { type ComponentDefinition, type KubernetesObject, type PlatformView, describeObject, unavailablePlatformView } from '@open4goods/kit';
import { type RenderedChart, renderCharts } from './chart-render.ts';
import { type PlainObject, keyString, toPlainObject } from './plain-object.ts';
import { type RepositoryReader, type ResolvedSecrets, resolveSecrets } from './secret-sources.ts';
import { type UnitNode, buildUnitGraph } from './unit-graph.ts';

/** One unit rendered for one environment. */
export interface RenderedUnit {
  readonly node: UnitNode;
  readonly objects: readonly PlainObject[];
  /** SOPS files (repository-relative) the unit's overlay includes. */
  readonly sopsFiles: readonly string[];
}

export interface RenderedEnvironment {
  readonly environment: Environment;
  readonly units: readonly RenderedUnit[];
  /** What the environment's HelmReleases install, rendered by Helm (not written: helm-controller installs it). */
  readonly charts: readonly RenderedChart[];
}

/** A render failure, located precisely enough to find the line to change. */
export class RenderError extends Error {
  constructor(location: string, detail: string) {
    super(`${location}: ${detail}`);
    this.name = 'RenderError';
  }
}

interface ValidationIssue {
  readonly instancePath?: string;
  readonly message?: string;
}

/** Runs the model's schema validation and reports each failing field path. */
function validateObject(object: KubernetesObject, location: string): void {
  if (typeof object.validate !== 'function') return;
  try {
    object.validate();
  } catch (error) {
    const issues = (error as { errors?: ValidationIssue[] }).errors;
    const details = issues?.length
      ? issues.map((issue) => `field ${issue.instancePath || '/'} ${issue.message ?? 'is invalid'}`).join('; ')
      : (error as Error).message;
    throw new RenderError(`${location} ${describeObject(object)}`, `schema validation failed: ${details}`);
  }
}

export interface RenderOptions {
  /** Reads a repository file (SOPS Secrets); injected so tests can render without touching disk. */
  readonly readRepositoryFile: RepositoryReader;
  /** Renders the HelmReleases among the objects; real Helm by default (chart-render.ts). */
  readonly renderCharts?: (objects: readonly PlainObject[]) => RenderedChart[];
}

/** What the secret contract of an environment lacks, all at once, so one build lists every fix. */
export class SecretContractError extends RenderError {
  constructor(environment: Environment, problems: readonly string[]) {
    super(
      `env ${environment.name} (${environment.sourceFile}, secrets.kind "${environment.secrets.kind}")`,
      `${problems.length} secret problem${problems.length === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}`,
    );
    this.name = 'SecretContractError';
  }
}

/**
 * Renders, validates and locates every object of every unit for one environment. Units that read
 * the platform are rendered last, with the objects of all the others.
 */
export function renderEnvironment(environment: Environment, components: readonly ComponentDefinition[], options: RenderOptions): RenderedEnvironment {
  const seen = new Map<string, string>();
  const secretProblems: string[] = [];
  const renderUnit = (node: UnitNode, platform: PlatformView): RenderedUnit => {
    const location = `env ${environment.name}, component ${node.component}, unit ${node.unit}:`;
    let rendered: readonly KubernetesObject[];
    let secrets: ResolvedSecrets;
    try {
      const requirements = (node.componentDefinition.secrets?.(environment) ?? []).filter((requirement) => requirement.unit === node.unit);
      secrets = resolveSecrets(environment, requirements, node.id, options.readRepositoryFile);
      rendered = [...node.definition.render(environment, platform), ...secrets.objects];
    } catch (error) {
      if (error instanceof RenderError) throw error;
      throw new RenderError(location.slice(0, -1), (error as Error).message);
    }
    secretProblems.push(...secrets.problems);
    const objects = rendered.map((object) => {
      if (!object.metadata?.name) throw new RenderError(location, `${object.kind} without metadata.name`);
      validateObject(object, location);
      const plain = toPlainObject(object);
      const key = keyString(plain);
      const previous = seen.get(key);
      if (previous) throw new RenderError(location, `${key} is also rendered by ${previous}`);
      seen.set(key, node.id);
      return plain;
    });
    return { node, objects, sopsFiles: secrets.sopsFiles };
  };

  const graph = buildUnitGraph(components);
  const renderedById = new Map<string, RenderedUnit>();
  for (const node of graph.filter((candidate) => !candidate.definition.readsPlatform)) {
    renderedById.set(node.id, renderUnit(node, unavailablePlatformView(node.id)));
  }
  let charts: RenderedChart[];
  try {
    charts = (options.renderCharts ?? renderCharts)([...renderedById.values()].flatMap((unit) => unit.objects));
  } catch (error) {
    throw new RenderError(`env ${environment.name}`, (error as Error).message);
  }
  const platform = platformViewOf(environment, [...renderedById.values()], components, charts);
  for (const node of graph.filter((candidate) => candidate.definition.readsPlatform)) renderedById.set(node.id, renderUnit(node, platform));
  if (secretProblems.length > 0) throw new SecretContractError(environment, secretProblems);
  return { environment, units: graph.map((node) => renderedById.get(node.id)!), charts };
}

/**
 * What units that read the platform see: the objects of every unit that does not (those are
 * left out of `units` by the caller or here), the charts' pods, and which layer renders each Namespace.
 */
export function platformViewOf(
  environment: Environment,
  units: readonly RenderedUnit[],
  components: readonly ComponentDefinition[],
  charts: readonly RenderedChart[],
): PlatformView {
  const seen = units.filter((unit) => !unit.node.definition.readsPlatform);
  return {
    objects: seen.flatMap((unit) => unit.objects),
    chartWorkloads: components.flatMap((component) => component.chartWorkloads?.(environment) ?? []),
    chartObjects: chartObjectsOf(charts),
    namespaceLayers: new Map(
      seen.flatMap((unit) => unit.objects.filter((object) => object.kind === 'Namespace').map((object) => [object.metadata.name, unit.node.layer] as const)),
    ),
  };
}

/** Every object of an environment, in unit dependency order. */
export function objectsOf(rendered: RenderedEnvironment): PlainObject[] {
  return rendered.units.flatMap((unit) => unit.objects);
}

/** Every object the charts of an environment install. */
export function chartObjectsOf(charts: readonly RenderedChart[]): PlainObject[] {
  return charts.flatMap((chart) => chart.objects);
}
