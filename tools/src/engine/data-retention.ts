import { fluxPruneAnnotation, helmResourcePolicyAnnotation, keptByHelm, neverPrunedByFlux } from '@open4goods/kit';
import type { RenderedChart } from './chart-render.ts';
import type { PlainObject } from './plain-object.ts';

/**
 * Objects whose deletion deletes data, and what keeps each alive when its declaration leaves git
 * (a unit removed, a namespace renamed, a HelmRelease dropped or uninstalled by remediation):
 * - ours, applied by Flux: a Namespace (its volumes go with it), a PersistentVolumeClaim, a CRD
 *   (its custom resources go with it) must never be pruned;
 * - a StatefulSet's claims are kept when it is deleted or scaled down;
 * - the charts': a CRD rendered from templates is deleted on uninstall unless Helm keeps it
 *   (those of a chart's crds/ directory Helm never deletes).
 */
export function dataRetentionViolations(objects: readonly PlainObject[], charts: readonly RenderedChart[]): string[] {
  const prunable = objects
    .filter((object) => ['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition'].includes(object.kind))
    .filter((object) => annotationsOf(object)[fluxPruneAnnotation] !== neverPrunedByFlux[fluxPruneAnnotation])
    .map(
      (object) =>
        `${object.kind} ${nameOf(object)}: Flux deletes it, and the data it holds, once it leaves the render; annotate ${fluxPruneAnnotation}: disabled ` +
        `(kit's renderNamespace and neverPrunedByFlux do)`,
    );
  const claimsDropped = objects
    .filter((object) => object.kind === 'StatefulSet' && ((object.spec as StatefulSetSpec | undefined)?.volumeClaimTemplates?.length ?? 0) > 0)
    .filter((object) => {
      const policy = (object.spec as StatefulSetSpec).persistentVolumeClaimRetentionPolicy ?? {};
      return (policy.whenDeleted ?? 'Retain') !== 'Retain' || (policy.whenScaled ?? 'Retain') !== 'Retain';
    })
    .map((object) => `StatefulSet ${nameOf(object)}: persistentVolumeClaimRetentionPolicy deletes its volumes; keep whenDeleted and whenScaled at Retain`);
  const crdsDeletedOnUninstall = charts.flatMap((chart) => {
    const where = `chart ${chart.chart.chart} ${chart.chart.version} (HelmRelease ${chart.chart.release})`;
    return chart.objects
      .filter((object) => object.kind === 'CustomResourceDefinition' && !chart.crdDirectoryNames.includes(object.metadata.name))
      .filter((object) => annotationsOf(object)[helmResourcePolicyAnnotation] !== keptByHelm[helmResourcePolicyAnnotation])
      .map(
        (object) =>
          `${where}: CRD ${object.metadata.name} is a template, so uninstalling the release deletes it and every resource of its kind; ` +
          `annotate it ${helmResourcePolicyAnnotation}: keep (a chart value if the chart has one, else a post-render patch)`,
      );
  });
  return [...prunable, ...claimsDropped, ...crdsDeletedOnUninstall];
}

interface StatefulSetSpec {
  volumeClaimTemplates?: unknown[];
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
}

const annotationsOf = (object: PlainObject) => (object.metadata.annotations ?? {}) as Record<string, string>;

const nameOf = (object: PlainObject) => (object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name);
