import type { Environment } from '@open4goods/environments';
import { type ComponentDefinition, type KubernetesObject, type SecretRequirement, describeObject, renderExternalSecret, sopsSecretFile } from '@open4goods/kit';
import { type PlainObject, keyString, toPlainObject } from './plain-object.ts';
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

function secretObjectsFor(environment: Environment, requirements: readonly SecretRequirement[]): KubernetesObject[] {
  const backend = environment.secrets;
  if (backend.kind !== 'vault') return [];
  return requirements.map((requirement) => renderExternalSecret(requirement, backend.clusterSecretStore, backend.pathPrefix));
}

export interface RenderOptions {
  /** Checks that a SOPS file exists; injected so tests can render without touching disk. */
  readonly sopsFileExists: (repositoryPath: string) => boolean;
}

/** Renders, validates and locates every object of every unit for one environment. */
export function renderEnvironment(environment: Environment, components: readonly ComponentDefinition[], options: RenderOptions): RenderedEnvironment {
  const seen = new Map<string, string>();
  const units = buildUnitGraph(components).map((node): RenderedUnit => {
    const location = `env ${environment.name}, component ${node.component}, unit ${node.unit}:`;
    const requirements = (node.componentDefinition.secrets?.(environment) ?? []).filter((requirement) => requirement.unit === node.unit);
    let rendered: readonly KubernetesObject[];
    try {
      rendered = [...node.definition.render(environment), ...secretObjectsFor(environment, requirements)];
    } catch (error) {
      if (error instanceof RenderError) throw error;
      throw new RenderError(location.slice(0, -1), (error as Error).message);
    }
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
    const sopsFiles = environment.secrets.kind === 'sops' ? requirements.map((requirement) => sopsSecretFile(environment, requirement)) : [];
    for (const [index, file] of sopsFiles.entries()) {
      if (!options.sopsFileExists(file)) {
        const requirement = requirements[index]!;
        throw new RenderError(
          `${environment.sourceFile}: secrets.kind is "sops"`,
          `Secret ${requirement.namespace}/${requirement.name} (keys ${requirement.keys.map((key) => key.name).join(', ')}) needed by ${node.id} has no file ${file}\n` +
            `  fix: write it as a Secret with those keys and encrypt it in place: sops --encrypt --in-place ${file}`,
        );
      }
    }
    return { node, objects, sopsFiles };
  });
  return { environment, units };
}

/** Every object of an environment, in unit dependency order. */
export function objectsOf(rendered: RenderedEnvironment): PlainObject[] {
  return rendered.units.flatMap((unit) => unit.objects);
}
