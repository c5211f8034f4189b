import { type Environment, type EnvironmentOverrides, defineEnvironment, loadDefaults } from '@open4goods/environments';
import { type ComponentDefinition, type KubernetesObject, type Layer, type SecretRequirement, type UnitDefinition, defineComponent } from '@open4goods/kit';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function defaultsFixture(): Environment {
  return loadDefaults();
}

/** A valid environment named `name`, with overrides on top of the defaults. */
export function fixtureEnvironment(name: string, overrides: EnvironmentOverrides = {}): Environment {
  return defineEnvironment(name, `fixtures/${name}.ts`, overrides);
}

export interface FixtureComponentOptions {
  readonly name: string;
  readonly layer?: Layer;
  readonly render?: (environment: Environment) => readonly KubernetesObject[];
  readonly units?: readonly UnitDefinition[];
  readonly secrets?: (environment: Environment) => readonly SecretRequirement[];
}

/** A component with one unit `main` (or the given units), for engine tests. */
export function fixtureComponent(options: FixtureComponentOptions): ComponentDefinition {
  return defineComponent({
    name: options.name,
    layer: options.layer ?? 'apps',
    sourceDirectory: `fixtures/${options.name}`,
    units: options.units ?? [{ name: 'main', render: options.render ?? (() => []) }],
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
}

/** A ConfigMap in the environment's app namespace. */
export function configMapFixture(environment: Environment, name: string, data: Record<string, string>): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: environment.appNamespace }, data } as KubernetesObject;
}

/** An empty repository (nx.json only) in a temporary directory. */
export function temporaryRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'o4g-repo-'));
  writeFileSync(join(root, 'nx.json'), '{}\n');
  return root;
}
