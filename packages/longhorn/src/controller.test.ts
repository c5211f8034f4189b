import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { podSecurityExemptionAnnotation } from '@open4goods/kit';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import longhorn from './index.ts';
import type { LonghornValues } from './longhorn-values.ts';

const unit = (name: string) => longhorn.units.find((candidate) => candidate.name === name)!;

function controllerObjects(environment: Environment) {
  const objects = unit('controller').render(environment);
  return {
    namespace: objects.find((object): object is Namespace => object instanceof Namespace)!,
    repository: objects.find((object): object is HelmRepository => object instanceof HelmRepository)!,
    release: objects.find((object): object is HelmRelease => object instanceof HelmRelease)!,
  };
}

const valuesOf = (environment: Environment) => controllerObjects(environment).release.spec!.values as unknown as LonghornValues;

/** An environment like `base` with another node count. */
const withNodes = (base: Environment, nodeCount: number) => defineEnvironment(base.name, base.sourceFile, { cluster: { nodeCount } }, base);

describe('longhorn units', () => {
  it('installs the controller after the monitoring CRDs, then the StorageClasses and the backups', () => {
    expect(longhorn.units.map((candidate) => [candidate.name, candidate.dependsOn ?? []])).toEqual([
      ['controller', ['observability/crds']],
      ['config', ['controller']],
      ['backups', ['controller']],
    ]);
    expect(longhorn.layer).toBe('infra');
  });
});

describe.each(['prod', 'staging'] as const)('the longhorn controller in %s', (name) => {
  const environment = loadEnvironment(name);
  const { namespace, repository, release } = controllerObjects(environment);
  const values = valuesOf(environment);

  it('runs in longhorn-system, privileged, with the reason written on the Namespace', () => {
    expect(namespace.metadata?.name).toBe('longhorn-system');
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata?.annotations?.[podSecurityExemptionAnnotation]).toMatch(/privileged.*host paths/);
  });

  it('installs chart 1.12.x from the Longhorn Helm repository, pinned, with remediation', () => {
    expect(repository.spec).toEqual({ url: 'https://charts.longhorn.io', interval: '12h' });
    expect(() => release.validate()).not.toThrow();
    expect(release.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(release.spec?.chart?.spec).toMatchObject({ chart: 'longhorn', sourceRef: { kind: 'HelmRepository', name: 'longhorn' } });
    expect(release.spec?.chart?.spec.version).toMatch(/^1\.12\.[0-9]+$/);
    expect(release.spec?.install?.remediation?.retries).toBeGreaterThan(0);
    expect(release.spec?.upgrade?.remediation?.remediateLastFailure).toBe(true);
    expect(release.spec?.install?.crds).toBe('CreateReplace');
  });

  it('turns off the pre-upgrade hook Job, which breaks GitOps installs', () => {
    expect(values.preUpgradeChecker.jobEnabled).toBe(false);
  });

  it('leaves the StorageClasses to the config unit', () => {
    expect(values.persistence.createStorageClass).toBe(false);
  });

  it('creates the metrics ServiceMonitor', () => {
    expect(values.metrics.serviceMonitor.enabled).toBe(true);
  });

  it('reserves the share of the default disk the environment sets', () => {
    expect(values.defaultSettings.storageReservedPercentageForDefaultDisk).toBe(environment.storage.reservedPercentageForDefaultDisk);
    const other = defineEnvironment(name, environment.sourceFile, { storage: { reservedPercentageForDefaultDisk: 40 } }, environment);
    expect(valuesOf(other).defaultSettings.storageReservedPercentageForDefaultDisk).toBe(40);
  });

  it('does not call home for upgrades (Renovate proposes them)', () => {
    expect(values.defaultSettings.upgradeChecker).toBe(false);
  });
});

describe('the one-node replica rule', () => {
  const prod = loadEnvironment('prod');

  it('on one node, sets one replica per volume with soft anti-affinity, and warns', () => {
    const values = valuesOf(withNodes(prod, 1));
    expect(values.defaultSettings.defaultReplicaCount).toBe('{"v1":"1","v2":"1"}');
    expect(values.defaultSettings.replicaSoftAntiAffinity).toBe(true);
    const warnings = longhorn.warnings!(withNodes(prod, 1));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('packages/environments/src/prod.ts (cluster.nodeCount: 1)');
    expect(warnings[0]).toContain('3 Longhorn replicas can never be healthy on 1 node');
  });

  it('on two nodes, sets two replicas, still soft, and warns', () => {
    const values = valuesOf(withNodes(prod, 2));
    expect(values.defaultSettings.defaultReplicaCount).toBe('{"v1":"2","v2":"2"}');
    expect(values.defaultSettings.replicaSoftAntiAffinity).toBe(true);
    expect(longhorn.warnings!(withNodes(prod, 2))).toHaveLength(1);
  });

  it.each([3, 5])("on %i nodes, keeps Longhorn's default at the specification's two replicas (longhorn-db sets three), hard anti-affinity, and says nothing", (nodes) => {
    const values = valuesOf(withNodes(prod, nodes));
    expect(values.defaultSettings.defaultReplicaCount).toBe('{"v1":"2","v2":"2"}');
    expect(values.defaultSettings.replicaSoftAntiAffinity).toBe(false);
    expect(longhorn.warnings!(withNodes(prod, nodes))).toEqual([]);
  });

  it('lets one node be drained once its volumes are detached, and more nodes after moving a replica without a healthy copy', () => {
    expect(valuesOf(withNodes(prod, 1)).defaultSettings.nodeDrainPolicy).toBe('allow-if-replica-is-stopped');
    expect(valuesOf(withNodes(prod, 3)).defaultSettings.nodeDrainPolicy).toBe('block-for-eviction-if-contains-last-replica');
  });

  it('rebuilds one replica at a time per node, restores at most two volumes at once, and upgrades engines live one at a time', () => {
    expect(valuesOf(prod).defaultSettings).toMatchObject({
      concurrentReplicaRebuildPerNodeLimit: 1,
      concurrentVolumeBackupRestorePerNodeLimit: 2,
      concurrentAutomaticEngineUpgradePerNodeLimit: 1,
    });
  });

  it('never runs more CSI controller replicas than nodes (at most 3)', () => {
    expect(valuesOf(withNodes(prod, 1)).csi).toEqual({ attacherReplicaCount: 1, provisionerReplicaCount: 1, resizerReplicaCount: 1, snapshotterReplicaCount: 1 });
    expect(valuesOf(withNodes(prod, 5)).csi.provisionerReplicaCount).toBe(3);
  });
});
