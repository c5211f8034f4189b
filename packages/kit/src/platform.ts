import type { Layer } from './component.ts';
import type { ChartWorkload } from './workloads.ts';

/** A rendered object as plain data (after the models' toJSON). */
export interface PlatformObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/**
 * What the rest of the platform renders for an environment, for units that derive their objects
 * from it (NetworkPolicies for every namespace). Those units are rendered last and see the
 * objects of every other unit, never each other's.
 */
export interface PlatformView {
  readonly objects: readonly PlatformObject[];
  readonly chartWorkloads: readonly ChartWorkload[];
  /** What the HelmReleases among `objects` install, rendered by real Helm (the charts' pods, Services, RBAC…). */
  readonly chartObjects: readonly PlatformObject[];
  /** The layer of the unit that renders each Namespace: what Flux applies it with. */
  readonly namespaceLayers: ReadonlyMap<string, Layer>;
}

/** The view given to units that did not ask for one: reading it is a programming error. */
export function unavailablePlatformView(unitId: string): PlatformView {
  const refuse = (): never => {
    throw new Error(`unit ${unitId} reads the rendered platform but does not declare readsPlatform: true`);
  };
  return {
    get objects() {
      return refuse();
    },
    get chartWorkloads() {
      return refuse();
    },
    get chartObjects() {
      return refuse();
    },
    get namespaceLayers() {
      return refuse();
    },
  };
}
