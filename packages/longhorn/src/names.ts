import { backupFolders } from '@open4goods/environments';
import { type WorkloadPort, storageClassNames } from '@open4goods/kit';

/** Names other packages rely on (alerts, runbooks, NetworkPolicies, backups). */
export const longhornNamespace = 'longhorn-system';
export const longhornReleaseName = 'longhorn';
export { storageClassNames };

/** The S3 backup target. Not `default`: longhorn-manager creates and owns that one itself. */
export const longhornBackupTargetName = 's3';
/** The Secret holding the backup target's S3 credentials (declared in the secret contract). */
export const longhornBackupCredentialsSecretName = 'longhorn-backup-s3';
export const longhornBackupCredentialKeys = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  /** Not secret: the S3 endpoint, which Longhorn only reads from the credential Secret. */
  endpoints: 'AWS_ENDPOINTS',
} as const;

/**
 * The recurring-job group every volume of the platform's StorageClasses joins (through their
 * `recurringJobSelector`), so the application volumes get the snapshot and backup jobs.
 */
export const applicationVolumesGroup = 'application-volumes';

/**
 * Labels of Longhorn's pods. The chart has no pod-labels value for its workloads, and most pods
 * are created by longhorn-manager, not by the chart: NetworkPolicies select them by the labels
 * Longhorn itself sets (chart templates `app: ...`; longhorn-manager's `longhorn.io/component`).
 */
export const longhornPodLabels = {
  manager: { app: 'longhorn-manager' },
  ui: { app: 'longhorn-ui' },
  driverDeployer: { app: 'longhorn-driver-deployer' },
  csiPlugin: { app: 'longhorn-csi-plugin' },
  csiAttacher: { app: 'csi-attacher' },
  csiProvisioner: { app: 'csi-provisioner' },
  csiResizer: { app: 'csi-resizer' },
  csiSnapshotter: { app: 'csi-snapshotter' },
  instanceManager: { 'longhorn.io/component': 'instance-manager' },
  engineImage: { 'longhorn.io/component': 'engine-image' },
  // The chart's hook Jobs carry only the release's common labels: a post-render patch adds these.
  postUpgrade: { app: 'longhorn-post-upgrade' },
  uninstall: { app: 'longhorn-uninstall' },
} as const;

/** The pods of a RecurringJob's CronJob (longhorn-manager's `GetCronJobLabels`). */
export function longhornRecurringJobPodLabels(jobName: string): Readonly<Record<string, string>> {
  return { 'longhorn.io/managed-by': 'longhorn-manager', 'recurring-job.longhorn.io': jobName };
}

/**
 * longhorn-manager's API (also its metrics), admission webhook and NFS recovery backend. Longhorn
 * 1.12 serves no conversion webhook: its pod exposes no 9501 (the render shows 9500, 9502, 9503).
 */
export const longhornManagerPorts = {
  api: { name: 'manager', port: 9500, protocol: 'TCP' },
  admissionWebhook: { name: 'admission-wh', port: 9502, protocol: 'TCP' },
  recoveryBackend: { name: 'recov-backend', port: 9503, protocol: 'TCP' },
} as const satisfies Record<string, WorkloadPort>;
/** Instance managers: their process, proxy, disk, instance and SPDK services (8500-8504). */
export const longhornInstanceManagerServicePorts: WorkloadPort = { port: 8500, endPort: 8504, protocol: 'TCP' };
/** Instance managers: the ports engines and replicas take for the data path and rebuilds. */
export const longhornInstanceManagerDataPorts: WorkloadPort = { port: 10000, endPort: 30000, protocol: 'TCP' };
/** The UI's nginx. */
export const longhornUiPort: WorkloadPort = { name: 'http', port: 8000, protocol: 'TCP' };

/**
 * The folder below the environment's S3 prefix that holds Longhorn's backup store (the smoke test
 * checks its newest backup); the environments' loader checks it overlaps no other backup folder.
 */
export const longhornBackupFolder = backupFolders.longhorn;
