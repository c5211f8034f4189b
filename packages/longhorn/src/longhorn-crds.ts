/**
 * Longhorn's custom resources (longhorn.io/v1beta2), typed from the CRDs of Longhorn 1.12
 * (deploy/longhorn.yaml). No models package covers them; the tests validate every rendered
 * object against the CRDs' openAPIV3Schema.
 */

export const longhornApiVersion = 'longhorn.io/v1beta2';

interface LonghornMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Record<string, string>;
}

export type RecurringJobTask =
  | 'snapshot'
  | 'snapshot-force-create'
  | 'snapshot-cleanup'
  | 'snapshot-delete'
  | 'backup'
  | 'backup-force-create'
  | 'filesystem-trim'
  | 'system-backup';

export interface RecurringJob {
  readonly apiVersion: typeof longhornApiVersion;
  readonly kind: 'RecurringJob';
  readonly metadata: LonghornMetadata;
  readonly spec: {
    readonly name: string;
    readonly task: RecurringJobTask;
    readonly cron: string;
    /** Snapshots or backups kept per volume. */
    readonly retain: number;
    /** Volumes processed at once. */
    readonly concurrency: number;
    /** Volume groups the job applies to (volumes join a group through labels or their StorageClass). */
    readonly groups: readonly string[];
    /** Labels put on each snapshot or backup. */
    readonly labels?: Record<string, string>;
    readonly parameters?: Record<string, string>;
  };
}

export interface BackupTarget {
  readonly apiVersion: typeof longhornApiVersion;
  readonly kind: 'BackupTarget';
  readonly metadata: LonghornMetadata;
  readonly spec: {
    /** `s3://<bucket>@<region>/<path>/`. */
    readonly backupTargetURL: string;
    /** Secret in longhorn-system with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_ENDPOINTS. */
    readonly credentialSecret: string;
    /** How often Longhorn lists the target for backups made elsewhere (a Go duration). */
    readonly pollInterval: string;
  };
}
