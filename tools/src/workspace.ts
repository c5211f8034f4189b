import { type Environment, loadDefaults, loadDeployedEnvironments } from '@open4goods/environments';
import type { ComponentDefinition } from '@open4goods/kit';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allComponents } from './components.ts';
import type { BuildInput } from './engine/plan.ts';

/** What every command works on: the repository, its environments and its components. */
export interface Workspace {
  readonly root: string;
  readonly defaults: Environment;
  readonly environments: readonly Environment[];
  readonly components: readonly ComponentDefinition[];
}

export function loadWorkspace(root: string): Workspace {
  return { root, defaults: loadDefaults(), environments: loadDeployedEnvironments(), components: allComponents };
}

export function buildInputOf(workspace: Workspace, replacements: readonly string[] = []): BuildInput {
  const readFile = (path: string) => (existsSync(join(workspace.root, path)) ? readFileSync(join(workspace.root, path), 'utf8') : undefined);
  return {
    defaults: workspace.defaults,
    environments: workspace.environments,
    components: workspace.components,
    pathExists: (path) => existsSync(join(workspace.root, path)),
    readFile,
    readCommittedFile: readFile,
    replacements,
  };
}

export function environmentNamed(workspace: Workspace, name: string): Environment {
  const environment = workspace.environments.find((candidate) => candidate.name === name);
  if (!environment) {
    throw new Error(`unknown environment "${name}": expected one of ${workspace.environments.map((candidate) => candidate.name).join(', ')}`);
  }
  return environment;
}
