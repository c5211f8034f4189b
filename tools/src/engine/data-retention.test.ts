import { renderNamespace } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import type { RenderedChart } from './chart-render.ts';
import { dataRetentionViolations } from './data-retention.ts';
import { type PlainObject, toPlainObject } from './plain-object.ts';

const object = (kind: string, name: string, extra: Record<string, unknown> = {}, annotations?: Record<string, string>): PlainObject => ({
  apiVersion: kind === 'CustomResourceDefinition' ? 'apiextensions.k8s.io/v1' : 'v1',
  kind,
  metadata: { name, ...(annotations ? { annotations } : {}) },
  ...extra,
});
const neverPruned = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };
const chartOf = (objects: PlainObject[], crdDirectoryNames: string[] = []): RenderedChart => ({
  chart: { release: 'web/chart', chart: 'chart', version: '1.0.0', sourceType: 'helm', repositoryUrl: 'https://charts.example.org' },
  releaseName: 'chart',
  namespace: 'web',
  package: { path: '/chart-1.0.0.tgz', sha256: '0', origin: 'mirror' },
  objects,
  crdDirectoryNames,
});

describe('dataRetentionViolations', () => {
  it("accepts kit's Namespaces and claims, CRDs and StatefulSets that keep their data", () => {
    const kept = [
      toPlainObject(renderNamespace('web', { level: 'restricted' }, 'web')),
      object('PersistentVolumeClaim', 'data', {}, neverPruned),
      object('CustomResourceDefinition', 'widgets.example.org', {}, neverPruned),
      object('StatefulSet', 'db', { spec: { volumeClaimTemplates: [{}], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } } }),
      object('StatefulSet', 'cache', { spec: { volumeClaimTemplates: [{}] } }),
    ];
    expect(dataRetentionViolations(kept, [])).toEqual([]);
  });

  it('refuses a Namespace, a claim and a CRD that Flux would prune, and a StatefulSet that deletes its claims, naming the fix', () => {
    const problems = dataRetentionViolations(
      [
        object('Namespace', 'web'),
        { ...object('PersistentVolumeClaim', 'data'), metadata: { name: 'data', namespace: 'web' } },
        object('CustomResourceDefinition', 'widgets.example.org'),
        object('StatefulSet', 'db', { spec: { volumeClaimTemplates: [{}], persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } } }),
      ],
      [],
    );
    expect(problems).toEqual([
      expect.stringMatching(/^Namespace web: Flux deletes it, and the data it holds, once it leaves the render; annotate kustomize\.toolkit\.fluxcd\.io\/prune: disabled/),
      expect.stringMatching(/^PersistentVolumeClaim web\/data: Flux deletes it/),
      expect.stringMatching(/^CustomResourceDefinition widgets\.example\.org: Flux deletes it/),
      'StatefulSet db: persistentVolumeClaimRetentionPolicy deletes its volumes; keep whenDeleted and whenScaled at Retain',
    ]);
  });

  it("refuses a chart's template CRD without Helm's keep policy, and accepts one of its crds/ directory or kept", () => {
    const crd = (name: string, annotations?: Record<string, string>) => object('CustomResourceDefinition', name, {}, annotations);
    expect(dataRetentionViolations([], [chartOf([crd('kept.example.org', { 'helm.sh/resource-policy': 'keep' }), crd('directory.example.org')], ['directory.example.org'])])).toEqual([]);
    expect(dataRetentionViolations([], [chartOf([crd('volumes.example.org')])])).toEqual([
      'chart chart 1.0.0 (HelmRelease web/chart): CRD volumes.example.org is a template, so uninstalling the release deletes it and every resource of its kind; ' +
        'annotate it helm.sh/resource-policy: keep (a chart value if the chart has one, else a post-render patch)',
    ]);
  });
});
