import { assertBackupLocationsDisjoint } from './backup-locations.ts';
import { defaultSettings } from './defaults.ts';
import type { Environment, EnvironmentOverrides, EnvironmentSettings } from './environment.ts';
import { mergeOverrides } from './merge.ts';
import { prodOverrides } from './prod.ts';
import { stagingOverrides } from './staging.ts';
import { validateEnvironment } from './validation.ts';

/** The clusters this repository describes; each gets `clusters/<name>/`. */
export const deployedEnvironmentNames = ['prod', 'staging'] as const;
export type DeployedEnvironmentName = (typeof deployedEnvironmentNames)[number];

const sourceDirectory = 'packages/environments/src';

const overridesByName: Record<DeployedEnvironmentName, { overrides: EnvironmentOverrides; file: string }> = {
  prod: { overrides: prodOverrides, file: `${sourceDirectory}/prod.ts` },
  staging: { overrides: stagingOverrides, file: `${sourceDirectory}/staging.ts` },
};

/** Namespace of the Open4Goods applications of an environment. */
export function appNamespaceOf(environmentName: string): string {
  return `open4goods-${environmentName}`;
}

/**
 * Builds and validates an environment from overrides on top of the defaults. Exported for tests
 * and the benchmark's synthetic environments; the real ones come from loadEnvironment().
 */
export function defineEnvironment(
  name: string,
  sourceFile: string,
  overrides: EnvironmentOverrides | unknown,
  base: EnvironmentSettings = defaultSettings,
): Environment {
  const settings = mergeOverrides(base, overrides);
  return validateEnvironment({ ...settings, name, sourceFile, appNamespace: appNamespaceOf(name) }, sourceFile);
}

/** The environment the kustomize bases are rendered with. */
export function loadDefaults(): Environment {
  return defineEnvironment('defaults', `${sourceDirectory}/defaults.ts`, {});
}

/**
 * A deployed environment by name; a wrong name is an error that lists the valid ones. The other
 * deployed environments are loaded too: whatever uses one of them (build, check, restore, smoke)
 * is refused while two of them would write backups to the same keys.
 */
export function loadEnvironment(name: string): Environment {
  if (!isDeployedEnvironmentName(name)) {
    throw new Error(`unknown environment "${name}": expected one of ${deployedEnvironmentNames.join(', ')} (defined in ${sourceDirectory}/)`);
  }
  return loadDeployedEnvironments()[deployedEnvironmentNames.indexOf(name)]!;
}

/** Every deployed environment, validated alone and then together (their backup locations are disjoint). */
export function loadDeployedEnvironments(): Environment[] {
  const environments = deployedEnvironmentNames.map((name) => defineEnvironment(name, overridesByName[name].file, overridesByName[name].overrides));
  assertBackupLocationsDisjoint(environments);
  return environments;
}

export function isDeployedEnvironmentName(name: string): name is DeployedEnvironmentName {
  return (deployedEnvironmentNames as readonly string[]).includes(name);
}
