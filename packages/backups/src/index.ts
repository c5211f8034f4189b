import { defineComponent } from '@open4goods/kit';
import { mysqlUnitName } from '@open4goods/mysql';
import { renderMysqlBackupCronJob } from './mysql-backup.ts';
import { backupsUnitName } from './names.ts';
import { backupSecretRequirements, renderBackupScriptsConfigMap, renderBackupServiceAccount } from './objects.ts';
import { renderMysqlRestoreTestCronJob } from './restore-test.ts';
import { backupRunbooks } from './runbooks/index.ts';
import { renderXwikiExportCronJob } from './xwiki-export.ts';

export * from './names.ts';
export { rcloneImage } from './images.ts';
export { backupFreshnessObjectives, type BackupFreshnessObjective } from './freshness.ts';
export { renderMysqlRestoreJob, renderRestoreJob, renderXwikiRestoreJob, restorableKinds } from './restore-jobs.ts';
export { type BackupKind, backupFolderKeyPrefix, backupKinds, backupNameStem, backupObjectKeyPattern, parseBackupSelector, rcloneRemoteEnvironment } from './s3.ts';
export { xwikiExportSchedule } from './schedule.ts';

/**
 * Backups that are restored, not only taken: MySQL dumps on a schedule derived from the RPO, XAR
 * exports of the wiki, both in the environment's S3 with retention; a restore test where the
 * environment rehearses another's dumps; restore Jobs for `o4g restore`; generated runbooks.
 */
export default defineComponent({
  name: 'backups',
  layer: 'apps',
  sourceDirectory: 'packages/backups',
  units: [
    {
      name: backupsUnitName,
      // The namespace and MySQL's credentials. Not XWiki: the dumps must keep running when XWiki is
      // down; the export job fails visibly until XWiki answers.
      dependsOn: [`mysql/${mysqlUnitName}`],
      render: (environment) => {
        const restoreTest = renderMysqlRestoreTestCronJob(environment);
        return [
          renderBackupServiceAccount(environment),
          renderBackupScriptsConfigMap(environment),
          renderMysqlBackupCronJob(environment),
          renderXwikiExportCronJob(environment),
          ...(restoreTest ? [restoreTest] : []),
        ];
      },
    },
  ],
  secrets: backupSecretRequirements,
  documents: backupRunbooks,
});
