/**
 * Which Flux units (Kustomizations and HelmReleases) are Ready, read from the API server's own
 * status, and whether they became Ready in their dependsOn order and within their timeouts.
 */

export type FluxUnitKind = 'Kustomization' | 'HelmRelease';

export interface FluxUnitStatus {
  /** `Kustomization flux-system/infra-longhorn-controller`. */
  readonly id: string;
  readonly kind: FluxUnitKind;
  /** Ids of the units it depends on (same kind: Flux's dependsOn names its own kind). */
  readonly dependsOn: readonly string[];
  readonly timeoutSeconds: number;
  /** Ready=True for the generation in spec (a stale Ready of an older spec does not count). */
  readonly ready: boolean;
  readonly suspended: boolean;
  /** The Ready condition's reason and message, for a report of what is stuck. */
  readonly reason: string;
  readonly message: string;
}

interface FluxObject {
  readonly kind: FluxUnitKind;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly generation?: number };
  readonly spec?: { readonly dependsOn?: readonly { readonly name: string; readonly namespace?: string }[]; readonly timeout?: string; readonly suspend?: boolean };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string }[];
  };
}

export function unitId(kind: string, namespace: string, name: string): string {
  return `${kind} ${namespace}/${name}`;
}

/** Flux durations as the CRDs write them (`1h30m`, `5m`, `90s`). */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|m|s|ms)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== duration) throw new Error(`"${duration}" is not a Flux duration such as 5m or 1h30m`);
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
  return parts.reduce((total, part) => total + Number(part[1]) * unit[part[2] as keyof typeof unit], 0);
}

/** The units of a `kubectl get kustomizations,helmreleases -A -o json` list. */
export function unitStatuses(list: { items: readonly FluxObject[] }, defaultTimeoutSeconds = 300): FluxUnitStatus[] {
  return list.items.map((object) => {
    const { kind, metadata, spec = {}, status = {} } = object;
    const ready = status.conditions?.find((condition) => condition.type === 'Ready');
    return {
      id: unitId(kind, metadata.namespace, metadata.name),
      kind,
      dependsOn: (spec.dependsOn ?? []).map((dependency) => unitId(kind, dependency.namespace ?? metadata.namespace, dependency.name)),
      timeoutSeconds: spec.timeout ? durationSeconds(spec.timeout) : defaultTimeoutSeconds,
      ready: ready?.status === 'True' && status.observedGeneration === metadata.generation,
      suspended: spec.suspend === true,
      reason: ready?.reason ?? '',
      message: ready?.message ?? '',
    };
  });
}

export interface ReadyRecord {
  readonly id: string;
  /** Seconds since the run applied the cluster's entry. */
  readonly readyAt: number;
  /** Seconds from the moment its last dependency was Ready (or from the start) to its own Ready. */
  readonly took: number;
}

/**
 * The order and timing problems of a finished run: a unit Ready before one of its dependencies,
 * or slower than its own timeout once its dependencies were Ready (plus `slackSeconds` for the
 * controllers' requeue of a unit that waited on a dependency).
 */
export function orderAndTimeoutProblems(units: readonly FluxUnitStatus[], readyAt: ReadonlyMap<string, number>, slackSeconds: number): string[] {
  const problems: string[] = [];
  for (const unit of units) {
    const at = readyAt.get(unit.id);
    if (at === undefined) continue;
    for (const dependency of unit.dependsOn) {
      const dependencyAt = readyAt.get(dependency);
      if (dependencyAt === undefined) problems.push(`${unit.id} is Ready but its dependency ${dependency} never was`);
      else if (dependencyAt > at) problems.push(`${unit.id} was Ready at ${at} s, before its dependency ${dependency} (${dependencyAt} s)`);
    }
    const took = at - startOf(unit, readyAt);
    if (took > unit.timeoutSeconds + slackSeconds) problems.push(`${unit.id} took ${took} s after its dependencies, more than its timeout of ${unit.timeoutSeconds} s`);
  }
  return problems;
}

function startOf(unit: FluxUnitStatus, readyAt: ReadonlyMap<string, number>): number {
  return Math.max(0, ...unit.dependsOn.map((dependency) => readyAt.get(dependency) ?? 0));
}

/** The units in the order they became Ready, with the time each took after its dependencies. */
export function readyRecords(units: readonly FluxUnitStatus[], readyAt: ReadonlyMap<string, number>): ReadyRecord[] {
  return units
    .filter((unit) => readyAt.has(unit.id))
    .map((unit) => ({ id: unit.id, readyAt: readyAt.get(unit.id)!, took: readyAt.get(unit.id)! - startOf(unit, readyAt) }))
    .sort((left, right) => left.readyAt - right.readyAt || left.id.localeCompare(right.id));
}

/** The longest sum of timeouts along a dependsOn chain: the most a fresh install may take. */
export function longestTimeoutChain(units: readonly FluxUnitStatus[]): number {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const memo = new Map<string, number>();
  const chain = (id: string, path: readonly string[]): number => {
    if (path.includes(id)) throw new Error(`dependsOn cycle: ${[...path, id].join(' -> ')}`);
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    const unit = byId.get(id);
    const total = unit ? unit.timeoutSeconds + Math.max(0, ...unit.dependsOn.map((dependency) => chain(dependency, [...path, id]))) : 0;
    memo.set(id, total);
    return total;
  };
  return Math.max(0, ...units.map((unit) => chain(unit.id, [])));
}
