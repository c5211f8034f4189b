import { backupCronJobNames } from '@open4goods/kit';

/**
 * Names other packages rely on (alerts on stale backups, NetworkPolicies letting the jobs reach
 * MySQL, XWiki and S3). Import them instead of repeating the strings.
 */
export const backupsUnitName = 'jobs';
export const backupServiceAccountName = 'backup';
export const backupScriptsConfigMapName = 'backup-scripts';

// The CronJob names are a contract with the observability alerts: kit owns them.
export const mysqlBackupCronJobName = backupCronJobNames.mysqlDump;
export const xwikiExportCronJobName = backupCronJobNames.xwikiExport;
export const mysqlRestoreTestCronJobName = backupCronJobNames.restoreTest;
/** The Jobs `o4g restore` prints or creates. */
export const mysqlRestoreJobName = 'mysql-restore';
export const xwikiRestoreJobName = 'xwiki-restore';

/** Every backup, restore-test and restore pod carries it, valued with its BackupJobKind. */
export const backupJobLabel = 'open4goods.org/backup';
/** Restore Jobs carry the kind of the backup they restore, so they pass the same NetworkPolicies. */
export type BackupJobKind = 'mysql' | 'xwiki' | 'restore-test';

/** Credentials of the environment's own bucket and prefix (read and write). */
export const backupS3CredentialsSecretName = 'backup-s3-credentials';
/** Read-only credentials of the bucket and prefix of the environment whose dumps the restore test restores. */
export const restoreTestS3CredentialsSecretName = 'restore-test-s3-credentials';
export const s3CredentialKeys = {
  accessKeyId: 'access-key-id',
  secretAccessKey: 'secret-access-key',
} as const;
