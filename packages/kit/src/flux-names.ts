import type { Layer } from './component.ts';

/** The namespace of Flux and of every Flux Kustomization the engine generates. */
export const fluxNamespace = 'flux-system';

/** A unit of a component, as the engine addresses it. */
export interface UnitAddress {
  readonly layer: Layer;
  readonly component: string;
  readonly unit: string;
}

/**
 * Name of a unit's Flux Kustomization (a DNS label, so it can be referenced in dependsOn).
 * Runbooks use it to tell operators which Kustomization to suspend before touching a workload.
 */
export function fluxKustomizationName(address: UnitAddress): string {
  return `${address.layer}-${address.component}-${address.unit}`;
}

/**
 * kustomize-controller deletes and recreates an object carrying this annotation when an
 * immutable field changed. Jobs need it: their pod template cannot be updated in place, and a
 * smoke Job whose template changed must run again.
 */
export const fluxForceAnnotation = { 'kustomize.toolkit.fluxcd.io/force': 'enabled' } as const;
