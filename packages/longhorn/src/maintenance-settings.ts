import type { Environment } from '@open4goods/environments';
import type { NodeDrainPolicy } from './longhorn-values.ts';

/**
 * The Longhorn settings that decide whether a node can be drained, rebuilt and upgraded without
 * an operator babysitting it, for the node count the environment has (docs/architecture.md, Longhorn).
 */
export interface MaintenanceSettings {
  readonly nodeDrainPolicy: NodeDrainPolicy;
  readonly concurrentReplicaRebuildPerNodeLimit: number;
  readonly concurrentVolumeBackupRestorePerNodeLimit: number;
  readonly concurrentAutomaticEngineUpgradePerNodeLimit: number;
}

export function maintenanceSettings(environment: Environment): MaintenanceSettings {
  return {
    // On one node every volume's last replica is on the node being drained: Longhorn's default
    // (block-if-contains-last-replica) would block `kubectl drain` forever, so an OS or Kubernetes
    // upgrade could never start. Once the drain has evicted the workloads, their volumes detach and
    // the replicas stop; then the drain may go on (the node comes back with its disk). With more
    // nodes, Longhorn first moves a replica that has no healthy copy elsewhere, then lets the drain go.
    nodeDrainPolicy: environment.cluster.nodeCount === 1 ? 'allow-if-replica-is-stopped' : 'block-for-eviction-if-contains-last-replica',
    // A rebuild reads and writes the whole volume on the disk MySQL writes to: one at a time keeps
    // the database's latency (the CRUD smoke's p95) while a replica catches up. This is the v1 data
    // engine's only rebuild quota: the bandwidth limit (replica-rebuilding-bandwidth-limit) exists
    // for the v2 engine only.
    concurrentReplicaRebuildPerNodeLimit: 1,
    // A full restore is two volumes per environment (MySQL, XWiki): both at once, never more.
    concurrentVolumeBackupRestorePerNodeLimit: 2,
    // After a Longhorn upgrade, volumes keep the old engine until upgraded; with 0 (the default)
    // that is a manual step per volume, and the next upgrade refuses while old engines remain. One at
    // a time, live: each volume pauses its I/O for a moment only.
    concurrentAutomaticEngineUpgradePerNodeLimit: 1,
  };
}
