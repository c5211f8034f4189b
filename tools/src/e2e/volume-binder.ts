import { kubectlItems, kubectlOk } from './kubectl.ts';

interface Claim {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly spec: { readonly storageClassName?: string; readonly accessModes?: readonly string[]; readonly resources?: { readonly requests?: { readonly storage?: string } }; readonly volumeMode?: string };
  readonly status?: { readonly phase?: string };
}

/**
 * Stands in for the storage provisioner the cluster does not have (Longhorn runs no container
 * here): each Pending PersistentVolumeClaim gets a PersistentVolume of its size, class and access
 * modes, reserved for it by claimRef, which the controller-manager's volume controller then binds.
 * The volume is a host path that nothing ever mounts (kwok runs no container). Returns how many it made.
 */
export async function bindPendingClaims(kubeconfig: string): Promise<number> {
  const pending = (await kubectlItems<Claim>(kubeconfig, ['persistentvolumeclaims', '--all-namespaces'])).filter((claim) => claim.status?.phase === 'Pending');
  if (pending.length === 0) return 0;
  const volumes = pending.map((claim) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `e2e-${claim.metadata.uid}`, labels: { 'o4g-e2e': 'volume-binder' } },
    spec: {
      capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
      ...(claim.spec.storageClassName ? { storageClassName: claim.spec.storageClassName } : {}),
      ...(claim.spec.volumeMode ? { volumeMode: claim.spec.volumeMode } : {}),
      persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      hostPath: { path: `/nonexistent/o4g-e2e/${claim.metadata.uid}` },
    },
  }));
  await kubectlOk(kubeconfig, ['apply', '--server-side', '--field-manager=o4g-e2e', '-f', '-'], volumes.map((volume) => JSON.stringify(volume)).join('\n'));
  return volumes.length;
}
