import type { Environment } from '@open4goods/environments';
import type { AlertGroupDefinition } from './alert-rule.ts';

const volumeRatio = 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes';

/** A Longhorn volume in a robustness state (`longhorn_volume_robustness` is one-hot: one series per state, 1 for the current one). */
const longhornVolumesIn = (state: string) => `max by (volume, pvc, pvc_namespace) (longhorn_volume_robustness{state="${state}"}) == 1`;

/**
 * Claims, volumes and Longhorn. The degraded alert and the replica rule (packages/longhorn,
 * replicas.ts) fit together: our StorageClasses never ask for more replicas than there are nodes,
 * so on one node a healthy volume has its one replica and "degraded" is either a rebuild in progress
 * (which ends well within the 30 minutes) or a volume that asks for more replicas than the cluster
 * has nodes, created outside those classes. The second never heals by itself, and the runbook's fix
 * (set the volume's replica count to the node count) clears it: the alert is never one the
 * cluster cannot act on.
 */
export function storageAlerts(environment: Environment): AlertGroupDefinition {
  const nodes = environment.cluster.nodeCount;
  return {
    name: 'storage',
    alerts: [
      {
        alert: 'PersistentVolumeClaimAlmostFull',
        expr: `${volumeRatio} < 0.15`,
        for: '15m',
        severity: 'warning',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 15% free',
        description: '{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free. Expand the claim (the StorageClasses allow it) before the application fails to write.',
      },
      {
        alert: 'PersistentVolumeClaimAlmostFull',
        expr: `${volumeRatio} < 0.05`,
        for: '5m',
        severity: 'critical',
        summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has less than 5% free',
        description: '{{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free: writes will fail soon (MySQL stops, XWiki cannot store attachments).',
      },
      {
        alert: 'PersistentVolumeClaimPending',
        expr: 'kube_persistentvolumeclaim_status_phase{phase="Pending"} == 1',
        for: '15m',
        severity: 'warning',
        summary: 'Claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has been Pending for 15 minutes',
        description: 'No volume was provisioned for the claim: its StorageClass is missing, Longhorn cannot schedule the replicas, or (WaitForFirstConsumer) no pod uses it yet.',
      },
      {
        alert: 'PersistentVolumeClaimLost',
        expr: 'kube_persistentvolumeclaim_status_phase{phase="Lost"} == 1',
        for: '1m',
        severity: 'critical',
        summary: 'Claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} lost its volume',
        description: 'The PersistentVolume bound to the claim no longer exists: the data must come back from a Longhorn backup.',
      },
      {
        alert: 'PersistentVolumeErrors',
        expr: 'kube_persistentvolume_status_phase{phase=~"Failed|Pending"} == 1',
        for: '5m',
        severity: 'critical',
        summary: 'Persistent volume {{ $labels.persistentvolume }} is {{ $labels.phase }}',
        description: 'The volume failed (its reclamation went wrong) or is stuck Pending.',
      },
      {
        alert: 'LonghornVolumeDegraded',
        expr: longhornVolumesIn('degraded'),
        for: '30m',
        severity: 'warning',
        summary: 'Longhorn volume {{ $labels.volume }} ({{ $labels.pvc_namespace }}/{{ $labels.pvc }}) has been degraded for 30 minutes',
        description:
          `Fewer healthy replicas than the volume asks for, and no rebuild has fixed it in 30 minutes. The cluster has ${nodes} node${nodes === 1 ? '' : 's'} ` +
          'and Longhorn puts one replica per node: if the volume asks for more replicas than that, lower its replica count (runbook).',
      },
      {
        alert: 'LonghornVolumeFaulted',
        expr: longhornVolumesIn('faulted'),
        for: '2m',
        severity: 'critical',
        summary: 'Longhorn volume {{ $labels.volume }} ({{ $labels.pvc_namespace }}/{{ $labels.pvc }}) is faulted',
        description: 'No healthy replica is left: the workload using the volume cannot read or write it. Salvage a replica or restore the last backup.',
      },
    ],
  };
}
