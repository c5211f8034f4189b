import type { Layer } from '@open4goods/kit';

/** Where the engine writes, relative to the repository root. */
export const generatedRoots = ['infra', 'apps', 'policies', 'clusters'] as const;

export interface UnitAddress {
  readonly layer: Layer;
  readonly component: string;
  readonly unit: string;
}

export function unitId(address: UnitAddress): string {
  return `${address.layer}/${address.component}/${address.unit}`;
}

export function baseDirectory(address: UnitAddress): string {
  return `${address.layer}/${address.component}/${address.unit}`;
}

export function overlayDirectory(environmentName: string, address: UnitAddress): string {
  return `clusters/${environmentName}/${address.layer}/${address.component}/${address.unit}`;
}

/** Name of the unit's Flux Kustomization (a DNS label, so it can be referenced in dependsOn). */
export function fluxKustomizationName(address: UnitAddress): string {
  return `${address.layer}-${address.component}-${address.unit}`;
}

export function fluxKustomizationFile(environmentName: string, address: UnitAddress): string {
  return `clusters/${environmentName}/flux/${fluxKustomizationName(address)}.yaml`;
}

export function clusterDirectory(environmentName: string): string {
  return `clusters/${environmentName}`;
}

/** Path from `from` (a directory) to `to`, both relative to the repository root. */
export function relativePath(from: string, to: string): string {
  const fromParts = from.split('/');
  const toParts = to.split('/');
  let shared = 0;
  while (shared < fromParts.length && fromParts[shared] === toParts[shared]) shared++;
  return [...fromParts.slice(shared).map(() => '..'), ...toParts.slice(shared)].join('/');
}

/** File name of an object inside a base or overlay directory. */
export function objectFileName(kind: string, name: string): string {
  return `${kind.toLowerCase()}-${name}.yaml`;
}
