import { type UnitAddress, fluxKustomizationName } from '@open4goods/kit';

export { type UnitAddress, fluxKustomizationName };

/** Where the engine writes, relative to the repository root (runbooks: see kit's GeneratedDocument). */
export const generatedRoots = ['infra', 'apps', 'policies', 'clusters', 'docs/runbooks'] as const;

export function unitId(address: UnitAddress): string {
  return `${address.layer}/${address.component}/${address.unit}`;
}

export function baseDirectory(address: UnitAddress): string {
  return `${address.layer}/${address.component}/${address.unit}`;
}

export function overlayDirectory(environmentName: string, address: UnitAddress): string {
  return `clusters/${environmentName}/${address.layer}/${address.component}/${address.unit}`;
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
