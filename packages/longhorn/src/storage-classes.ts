import type { Environment } from '@open4goods/environments';
import { defaultStorageClassAnnotation, standardLabels } from '@open4goods/kit';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import { applicationVolumesGroup, longhornBackupTargetName, storageClassNames } from './names.ts';
import { replicaPlan } from './replicas.ts';

export const longhornProvisioner = 'driver.longhorn.io';

interface LonghornStorageClassOptions {
  readonly name: string;
  readonly isDefault: boolean;
  readonly replicas: number;
  readonly fsType: 'ext4' | 'xfs';
  readonly volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
}

/**
 * What both classes share: expandable volumes, kept when their claim is deleted (a mistaken
 * `kubectl delete pvc` must not take the data with it; release an orphaned volume in the Longhorn
 * UI), a replica on the pod's node when possible, backups to the S3 target, and the recurring
 * jobs of the application volumes. Every parameter is a string, as the API requires.
 */
function renderLonghornStorageClass(options: LonghornStorageClassOptions): StorageClass {
  return new StorageClass({
    metadata: {
      name: options.name,
      labels: standardLabels({ name: options.name, component: 'storage' }),
      annotations: { [defaultStorageClassAnnotation]: String(options.isDefault) },
    },
    provisioner: longhornProvisioner,
    allowVolumeExpansion: true,
    reclaimPolicy: 'Retain',
    volumeBindingMode: options.volumeBindingMode,
    parameters: {
      numberOfReplicas: String(options.replicas),
      fsType: options.fsType,
      // Minutes before a replica that stopped answering is given up and rebuilt (the chart's value).
      staleReplicaTimeout: '30',
      dataLocality: 'best-effort',
      backupTargetName: longhornBackupTargetName,
      recurringJobSelector: JSON.stringify([{ name: applicationVolumesGroup, isGroup: true }]),
    },
  });
}

/** `longhorn`: the default class, for XWiki's data and everything without special needs. */
export function renderGeneralStorageClass(environment: Environment): StorageClass {
  return renderLonghornStorageClass({
    name: storageClassNames.general,
    isDefault: true,
    replicas: replicaPlan(environment).general,
    fsType: 'ext4',
    volumeBindingMode: 'Immediate',
  });
}

/**
 * `longhorn-db`: databases. Three replicas where the nodes allow, xfs, and bound only once the
 * pod is scheduled so the volume (and its local replica) follows the database's node.
 */
export function renderDatabaseStorageClass(environment: Environment): StorageClass {
  return renderLonghornStorageClass({
    name: storageClassNames.database,
    isDefault: false,
    replicas: replicaPlan(environment).database,
    fsType: 'xfs',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
}
