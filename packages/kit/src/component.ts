import type { Duration, Environment } from '@open4goods/environments';
import type { KubernetesObject } from './kubernetes-object.ts';
import type { PlatformView } from './platform.ts';
import type { SecretRequirement } from './secrets.ts';
import type { ChartWorkload } from './workloads.ts';

/** Flux applies the layers in this order; a unit may depend on units of its own or an earlier layer. */
export const layers = ['infra', 'policies', 'apps'] as const;
export type Layer = (typeof layers)[number];

/** A group of objects Flux applies together (one Flux Kustomization). */
export interface UnitDefinition {
  readonly name: string;
  /**
   * Units that must be ready first: `unit` (same component) or `component/unit`. The engine
   * turns them into Flux `dependsOn`; a cycle is a build error.
   */
  readonly dependsOn?: readonly string[];
  /**
   * The unit's objects for an environment: a plain function of it, without side effects. Units
   * that set `readsPlatform` also get what every other unit renders (see platform.ts); the engine
   * always passes it, tests of other units may leave it out.
   */
  readonly render: (environment: Environment, platform?: PlatformView) => readonly KubernetesObject[];
  /** Derive this unit's objects from the rest of the platform's render (e.g. one policy per namespace). */
  readonly readsPlatform?: boolean;
  /** Flux timeout for this unit when its objects take longer than usual to become ready. */
  readonly timeout?: Duration;
  /**
   * What Flux checks before the unit counts as ready: every object it applies (the default), or
   * only its Jobs, which must run to completion; a failed Job fails the reconciliation.
   */
  readonly healthChecks?: 'all-objects' | 'jobs';
}

/**
 * A document the build writes from the model, e.g. a runbook naming the real namespaces,
 * buckets and commands of every environment, so it cannot drift from what is deployed.
 */
export interface GeneratedDocument {
  /** Repository path; documents live in `docs/runbooks/` and are Markdown. */
  readonly path: string;
  /** Markdown without the generated header (the engine adds it). */
  readonly content: string;
}

/** Where generated documents may be written. */
export const generatedDocumentPattern = /^docs\/runbooks\/[a-z0-9][a-z0-9-]*\.md$/;

/** What a component package exports by default. */
export interface ComponentDefinition {
  readonly name: string;
  readonly layer: Layer;
  /** The workspace directory of the package, for messages and generated-file headers. */
  readonly sourceDirectory: string;
  readonly units: readonly UnitDefinition[];
  /** The Secrets the component needs and never renders itself (see secrets.ts). */
  readonly secrets?: (environment: Environment) => readonly SecretRequirement[];
  /**
   * What the operator should know about how the component had to adapt to an environment (e.g.
   * fewer storage replicas than wanted on a one-node cluster). `o4g build` prints them.
   */
  readonly warnings?: (environment: Environment) => readonly string[];
  /** Pods the component's Helm charts create, declared from the constants passed in the values. */
  readonly chartWorkloads?: (environment: Environment) => readonly ChartWorkload[];
  /** Documents rendered from the deployed environments (runbooks); `o4g check` covers them. */
  readonly documents?: (environments: readonly Environment[]) => readonly GeneratedDocument[];
}

const componentNamePattern = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** Declares a component, checking the names the generated paths are made of. */
export function defineComponent(component: ComponentDefinition): ComponentDefinition {
  const where = `${component.sourceDirectory}/src/index.ts`;
  if (!componentNamePattern.test(component.name)) {
    throw new Error(`${where}: component name "${component.name}" must be a lower-case DNS label`);
  }
  const seen = new Set<string>();
  for (const unit of component.units) {
    if (!componentNamePattern.test(unit.name)) throw new Error(`${where}: unit name "${unit.name}" must be a lower-case DNS label`);
    if (seen.has(unit.name)) throw new Error(`${where}: unit "${unit.name}" is declared twice`);
    seen.add(unit.name);
  }
  if (component.units.length === 0) throw new Error(`${where}: component "${component.name}" declares no unit`);
  return component;
}
