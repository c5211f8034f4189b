import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import type { Environment } from '@open4goods/environments';
import { fluxNamespace } from '@open4goods/kit';
import { fluxKustomizationName, overlayDirectory } from './layout.ts';
import type { UnitNode } from './unit-graph.ts';

/** Secret in flux-system holding the age key (`age.agekey`) that decrypts SOPS files. */
export const sopsAgeSecretName = 'sops-age';
/** The GitRepository `flux bootstrap` creates for this repository. */
export const fluxSourceName = 'flux-system';
export { fluxNamespace };

export interface FluxUnitOptions {
  readonly unitsById: ReadonlyMap<string, UnitNode>;
  /** The unit ids it waits for in this environment: declared and derived from objects. */
  readonly dependsOn: readonly string[];
  /** Flux suspends the unit (apps of an environment with open decisions). */
  readonly suspend: boolean;
  /** The overlay carries SOPS files, so Flux must decrypt them. */
  readonly decrypt: boolean;
  /** The unit's Jobs in this environment, for units whose health is that of their Jobs. */
  readonly jobs: readonly { readonly name: string; readonly namespace: string }[];
}

/**
 * What Flux checks before the unit is ready: every object it applied (`wait`), or, for a unit of
 * Jobs, exactly those Jobs, which must complete: a failed one fails the reconciliation.
 */
function readiness(node: UnitNode, jobs: FluxUnitOptions['jobs']) {
  if (node.definition.healthChecks !== 'jobs') return { wait: true };
  if (jobs.length === 0) throw new Error(`unit ${node.id} is ready when its Jobs complete, but it renders no Job`);
  return { wait: false, healthChecks: jobs.map((job) => ({ apiVersion: 'batch/v1', kind: 'Job', name: job.name, namespace: job.namespace })) };
}

/**
 * One Flux Kustomization per unit: applies the unit's overlay, waits for its objects to be
 * ready, prunes what left git, and starts only after the units it depends on are ready.
 */
export function renderFluxKustomization(environment: Environment, node: UnitNode, options: FluxUnitOptions): Kustomization {
  return new Kustomization({
    metadata: {
      name: fluxKustomizationName(node),
      namespace: fluxNamespace,
      labels: { 'app.kubernetes.io/part-of': 'open4goods', 'app.kubernetes.io/managed-by': 'o4g', 'open4goods.org/layer': node.layer },
    },
    spec: {
      interval: environment.flux.interval,
      retryInterval: '2m',
      timeout: node.definition.timeout ?? environment.flux.timeout,
      path: `./${overlayDirectory(environment.name, node)}`,
      prune: true,
      ...readiness(node, options.jobs),
      sourceRef: { kind: 'GitRepository', name: fluxSourceName },
      ...(options.dependsOn.length > 0 ? { dependsOn: options.dependsOn.map((id) => ({ name: fluxKustomizationName(options.unitsById.get(id)!) })) } : {}),
      ...(options.suspend ? { suspend: true } : {}),
      ...(options.decrypt ? { decryption: { provider: 'sops', secretRef: { name: sopsAgeSecretName } } } : {}),
    },
  });
}
