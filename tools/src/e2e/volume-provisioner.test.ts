import { describe, expect, it } from 'vitest';
import { persistentVolumeFor } from './volume-provisioner.ts';

const claim = (options: { phase?: string; storageClassName?: string; selectedNode?: string } = {}) => ({
  metadata: { name: 'data', namespace: 'open4goods-staging', uid: '1234', ...(options.selectedNode ? { annotations: { 'volume.kubernetes.io/selected-node': options.selectedNode } } : {}) },
  spec: { storageClassName: options.storageClassName ?? 'longhorn', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } },
  status: { phase: options.phase ?? 'Pending' },
});
const classes = [
  { metadata: { name: 'longhorn' }, provisioner: 'driver.longhorn.io', volumeBindingMode: 'Immediate', reclaimPolicy: 'Retain' },
  { metadata: { name: 'longhorn-db' }, provisioner: 'driver.longhorn.io', volumeBindingMode: 'WaitForFirstConsumer' },
];

describe('the stand-in volume provisioner', () => {
  it("creates the volume the driver would: the claim's size, modes and class, bound to that claim", () => {
    expect(persistentVolumeFor(claim(), classes)).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pvc-1234', annotations: { 'pv.kubernetes.io/provisioned-by': 'driver.longhorn.io' } },
      spec: {
        capacity: { storage: '20Gi' },
        accessModes: ['ReadWriteOnce'],
        volumeMode: 'Filesystem',
        storageClassName: 'longhorn',
        persistentVolumeReclaimPolicy: 'Retain',
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'open4goods-staging', name: 'data', uid: '1234' },
        csi: { driver: 'driver.longhorn.io', volumeHandle: 'pvc-1234' },
      },
    });
  });

  it('leaves bound claims, unknown classes, and WaitForFirstConsumer claims before the scheduler picked a node', () => {
    expect(persistentVolumeFor(claim({ phase: 'Bound' }), classes)).toBeUndefined();
    expect(persistentVolumeFor(claim({ storageClassName: 'missing' }), classes)).toBeUndefined();
    expect(persistentVolumeFor(claim({ storageClassName: 'longhorn-db' }), classes)).toBeUndefined();
    expect(persistentVolumeFor(claim({ storageClassName: 'longhorn-db', selectedNode: 'master1' }), classes)).toMatchObject({ spec: { storageClassName: 'longhorn-db', persistentVolumeReclaimPolicy: 'Delete' } });
  });
});
