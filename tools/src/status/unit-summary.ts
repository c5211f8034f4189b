import { imagesOf } from '../engine/images.ts';
import type { PlainObject } from '../engine/plain-object.ts';
import type { RenderedUnit } from '../engine/render.ts';

/** A volume a unit claims: a PVC, a StatefulSet claim template, or a chart's persistence value. */
export interface VolumeClaim {
  /** Where in the unit: the object, then the field path for a Helm value. */
  readonly owner: string;
  readonly size: string;
  readonly storageClass?: string;
}

/** What one unit deploys, reduced to what an operator checks before a rollout. */
export interface UnitSummary {
  readonly unit: string;
  readonly objectCount: number;
  /** Kind → how many, sorted by kind. */
  readonly kinds: readonly (readonly [string, number])[];
  readonly images: readonly string[];
  /** Helm charts as `name version` (HelmRepository charts) or `oci://… tag`. */
  readonly charts: readonly string[];
  readonly hosts: readonly string[];
  readonly volumes: readonly VolumeClaim[];
}

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Every storage request below `node`: `resources.requests.storage` (claims and claim templates,
 * also inside chart values) and the charts' `persistence: {size}` convention (Grafana, Loki).
 */
function volumesIn(node: unknown, path: string, owner: string, found: VolumeClaim[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => volumesIn(child, `${path}.${index}`, owner, found));
    return;
  }
  if (!isTree(node)) return;
  const requests = isTree(node.resources) && isTree(node.resources.requests) ? node.resources.requests : undefined;
  // Claims name their class storageClassName; charts' persistence values usually storageClass.
  const className = node.storageClassName ?? node.storageClass;
  const storageClass = typeof className === 'string' && className !== '' ? { storageClass: className } : {};
  const where = (path ? `${owner} ${path}` : owner).replace(/\.spec$/, '');
  if (typeof requests?.storage === 'string') found.push({ owner: where, size: requests.storage, ...storageClass });
  if (/persistence$/i.test(path) && typeof node.size === 'string' && node.enabled !== false) found.push({ owner: where, size: node.size, ...storageClass });
  for (const [key, value] of Object.entries(node)) volumesIn(value, path ? `${path}.${key}` : key, owner, found);
}

function volumesOf(objects: readonly PlainObject[]): VolumeClaim[] {
  const found: VolumeClaim[] = [];
  for (const object of objects) {
    const owner = `${object.kind}/${object.metadata.name}`;
    const spec = object.spec as Tree | undefined;
    if (object.kind === 'PersistentVolumeClaim') volumesIn(spec, '', owner, found);
    else if (object.kind === 'StatefulSet') volumesIn(spec?.volumeClaimTemplates, 'volumeClaimTemplates', owner, found);
    else if (object.kind === 'HelmRelease') volumesIn(spec?.values, 'values', owner, found);
  }
  return found;
}

function chartsOf(objects: readonly PlainObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'HelmRelease')
    .map((release) => {
      const spec = release.spec as { chart?: { spec: { chart: string; version?: string } }; chartRef?: { kind: string; name: string } };
      if (spec.chart) return `${spec.chart.spec.chart} ${spec.chart.spec.version ?? '(latest)'}`;
      const source = objects.find((object) => object.kind === spec.chartRef?.kind && object.metadata.name === spec.chartRef?.name);
      const { url, ref } = (source?.spec ?? {}) as { url?: string; ref?: { tag?: string } };
      return url ? `${url} ${ref?.tag ?? ''}`.trim() : `${spec.chartRef?.kind}/${spec.chartRef?.name}`;
    })
    .sort();
}

function hostsOf(objects: readonly PlainObject[]): string[] {
  const hosts = objects
    .filter((object) => object.kind === 'Ingress')
    .flatMap((ingress) => ((ingress.spec as { rules?: { host?: string }[] }).rules ?? []).flatMap((rule) => rule.host ?? []));
  return [...new Set(hosts)].sort();
}

/** Images without the long digest: the tag and the first 12 hex digits identify it in a review. */
export function shortImage(reference: string): string {
  return reference.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1…');
}

export function summarizeUnit(unit: RenderedUnit): UnitSummary {
  const counts = new Map<string, number>();
  for (const object of unit.objects) counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  return {
    unit: unit.node.id,
    objectCount: unit.objects.length,
    kinds: [...counts].sort(([left], [right]) => left.localeCompare(right)),
    images: imagesOf(unit.objects),
    charts: chartsOf(unit.objects),
    hosts: hostsOf(unit.objects),
    volumes: volumesOf(unit.objects),
  };
}
