import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { storageClassNames } from '@open4goods/kit';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { describe, expect, it } from 'vitest';
import longhorn from './index.ts';

function storageClasses(environment: Environment): Map<string, StorageClass> {
  const objects = longhorn.units.find((unit) => unit.name === 'config')!.render(environment);
  expect(objects.every((object) => object instanceof StorageClass)).toBe(true);
  return new Map((objects as StorageClass[]).map((object) => [object.metadata!.name!, object]));
}

const withNodes = (base: Environment, nodeCount: number) => defineEnvironment(base.name, base.sourceFile, { cluster: { nodeCount } }, base);

describe.each(['prod', 'staging'] as const)('the StorageClasses in %s', (name) => {
  const environment = loadEnvironment(name);
  const classes = storageClasses(environment);
  const general = classes.get(storageClassNames.general)!;
  const database = classes.get(storageClassNames.database)!;

  it('are exactly the two names of kit storageClassNames, valid', () => {
    expect([...classes.keys()].sort()).toEqual(['longhorn', 'longhorn-db']);
    for (const storageClass of classes.values()) {
      expect(() => storageClass.validate()).not.toThrow();
      expect(storageClass.provisioner).toBe('driver.longhorn.io');
    }
  });

  it('longhorn is the default class: ext4, best-effort locality, expandable, 2 replicas capped by the one node', () => {
    expect(general.metadata?.annotations).toEqual({ 'storageclass.kubernetes.io/is-default-class': 'true' });
    expect(general.allowVolumeExpansion).toBe(true);
    expect(general.parameters).toMatchObject({ numberOfReplicas: '1', fsType: 'ext4', dataLocality: 'best-effort' });
  });

  it('longhorn-db is not default: xfs, bound where the pod runs, expandable, 3 replicas capped by the one node', () => {
    expect(database.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('false');
    expect(database.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(database.allowVolumeExpansion).toBe(true);
    expect(database.parameters).toMatchObject({ numberOfReplicas: '1', fsType: 'xfs' });
  });

  it('both keep the volume when a claim is deleted, back up to the S3 target and join the recurring-job group', () => {
    for (const storageClass of [general, database]) {
      expect(storageClass.reclaimPolicy).toBe('Retain');
      expect(storageClass.parameters?.backupTargetName).toBe('s3');
      expect(JSON.parse(storageClass.parameters!.recurringJobSelector!)).toEqual([{ name: 'application-volumes', isGroup: true }]);
      // Every parameter is a string, as the StorageClass API requires.
      for (const value of Object.values(storageClass.parameters ?? {})) expect(typeof value).toBe('string');
    }
  });
});

describe('StorageClass replicas follow the node count', () => {
  const prod = loadEnvironment('prod');

  it.each([
    [1, '1', '1'],
    [2, '2', '2'],
    [3, '2', '3'],
    [6, '2', '3'],
  ])('%i nodes: longhorn %s, longhorn-db %s', (nodes, generalReplicas, databaseReplicas) => {
    const classes = storageClasses(withNodes(prod, nodes));
    expect(classes.get('longhorn')!.parameters?.numberOfReplicas).toBe(generalReplicas);
    expect(classes.get('longhorn-db')!.parameters?.numberOfReplicas).toBe(databaseReplicas);
  });
});
