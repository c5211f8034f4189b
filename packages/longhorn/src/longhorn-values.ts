/**
 * The keys of the Longhorn 1.12 chart (chart/values.yaml) this repository sets. Every key here
 * exists in the chart's defaults; the tests check them against the chart's values.yaml.
 */
export interface LonghornValues {
  /**
   * The chart's own NetworkPolicies (`restrictInternalTraffic` defaults to true): NetworkPolicies
   * add up, so they would widen what packages/netpol allows, unseen by its matrix. Off: ours are
   * the only policies.
   */
  readonly networkPolicies: { readonly enabled: false; readonly restrictInternalTraffic: false };
  readonly persistence: {
    /** The chart's own `longhorn` StorageClass is replaced by the one the config unit renders. */
    readonly createStorageClass: boolean;
  };
  readonly preUpgradeChecker: {
    /** The pre-upgrade Job is a Helm hook that breaks GitOps installs (values.yaml says so). */
    readonly jobEnabled: boolean;
  };
  readonly csi: {
    readonly attacherReplicaCount: number;
    readonly provisionerReplicaCount: number;
    readonly resizerReplicaCount: number;
    readonly snapshotterReplicaCount: number;
  };
  readonly defaultSettings: {
    /** Per data engine, JSON: `{"v1":"2","v2":"2"}` (the format of the chart's default). */
    readonly defaultReplicaCount: string;
    readonly replicaSoftAntiAffinity: boolean;
    readonly storageReservedPercentageForDefaultDisk: number;
    readonly defaultDataLocality: 'disabled' | 'best-effort' | 'strict-local';
    /** Raised only when the backup retention needs more than Longhorn's default of 100. */
    readonly recurringJobMaxRetention?: number;
    /** No calls home: Renovate proposes upgrades. */
    readonly upgradeChecker: boolean;
    readonly nodeDrainPolicy: NodeDrainPolicy;
    /** Replicas rebuilt at once on a node (Longhorn's default: 5). */
    readonly concurrentReplicaRebuildPerNodeLimit: number;
    /** Volumes restored from a backup at once on a node (Longhorn's default: 5). */
    readonly concurrentVolumeBackupRestorePerNodeLimit: number;
    /** Engines upgraded live at once on a node after a Longhorn upgrade (Longhorn's default, 0, upgrades none). */
    readonly concurrentAutomaticEngineUpgradePerNodeLimit: number;
  };
  readonly longhornUI: { readonly replicas: number };
  readonly metrics: { readonly serviceMonitor: { readonly enabled: boolean } };
}

/** Longhorn 1.12's node drain policies (the `node-drain-policy` setting). */
export type NodeDrainPolicy =
  | 'block-if-contains-last-replica'
  | 'allow-if-replica-is-stopped'
  | 'always-allow'
  | 'block-for-eviction'
  | 'block-for-eviction-if-contains-last-replica';
