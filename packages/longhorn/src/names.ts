import { storageClassNames } from '@open4goods/kit';

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
