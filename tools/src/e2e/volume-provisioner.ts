import { kubectlItems, kubectlOk } from './kubectl.ts';

/**
 * A stand-in for the provisioners of the StorageClasses, none of which runs here (Longhorn's CSI
 * driver is pods, and kwok runs no pod): for each pending PersistentVolumeClaim it creates the
 * PersistentVolume the driver would, bound to that claim, so the controller-manager binds them and
 * the scheduler places the pods that mount them. No data is stored anywhere.
 */

interface Claim {
  metadata: { name: string; namespace: string; uid: string; annotations?: Record<string, string> };
  spec: { storageClassName?: string; accessModes?: string[]; volumeMode?: string; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string };
}

interface StorageClass {
  metadata: { name: string };
  provisioner: string;
  volumeBindingMode?: string;
  reclaimPolicy?: string;
}

/** The PersistentVolume the driver would create for `claim`, or undefined while the claim must wait. */
export function persistentVolumeFor(claim: Claim, storageClasses: readonly StorageClass[]): object | undefined {
  if (claim.status?.phase !== 'Pending') return undefined;
  const storageClass = storageClasses.find((candidate) => candidate.metadata.name === claim.spec.storageClassName);
  if (!storageClass) return undefined;
  // WaitForFirstConsumer: the scheduler first picks the node of the pod that mounts it.
  if (storageClass.volumeBindingMode === 'WaitForFirstConsumer' && !claim.metadata.annotations?.['volume.kubernetes.io/selected-node']) return undefined;
  const name = `pvc-${claim.metadata.uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': storageClass.provisioner } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
      volumeMode: claim.spec.volumeMode ?? 'Filesystem',
      storageClassName: storageClass.metadata.name,
      persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      csi: { driver: storageClass.provisioner, volumeHandle: name },
    },
  };
}

export interface RunningProvisioner {
  /** The claims it made a volume for, `namespace/name`. */
  readonly provisioned: readonly string[];
  /** What the API server refused, for the run's report. */
  readonly errors: readonly string[];
  stop(): Promise<void>;
}

/** Every `intervalMs`, creates the volumes of the pending claims. */
export function startVolumeProvisioner(kubeconfig: string, intervalMs = 2000): RunningProvisioner {
  const provisioned: string[] = [];
  const errors: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const [claims, storageClasses] = await Promise.all([
        kubectlItems<Claim>(kubeconfig, ['persistentvolumeclaims', '--all-namespaces']),
        kubectlItems<StorageClass>(kubeconfig, ['storageclasses']),
      ]).catch(() => [[], []] as [Claim[], StorageClass[]]);
      for (const claim of claims) {
        const volume = persistentVolumeFor(claim, storageClasses);
        const id = `${claim.metadata.namespace}/${claim.metadata.name}`;
        if (!volume || provisioned.includes(id)) continue;
        try {
          await kubectlOk(kubeconfig, ['create', '-f', '-'], JSON.stringify(volume));
          provisioned.push(id);
        } catch (error) {
          errors.push(`${id}: ${(error as Error).message}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    provisioned,
    errors,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
