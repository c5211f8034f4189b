import type { Environment } from '@open4goods/environments';
import { mysqlDumpDeadlineSeconds } from './mysql-backup.ts';
import { mysqlBackupCronJobName, mysqlRestoreTestCronJobName, xwikiExportCronJobName } from './names.ts';
import { restoreTestDeadlineSeconds, restoreTestSourceOf } from './restore-test.ts';
import { mysqlDumpSchedule, restoreTestSchedule, xwikiExportSchedule } from './schedule.ts';
import { xwikiExportDeadlineSeconds } from './xwiki-export.ts';

/** How old the last successful run of a CronJob may be before it is stale. */
export interface BackupFreshnessObjective {
  readonly cronJob: string;
  readonly namespace: string;
  /** One period plus the longest a run may take: older means a run was missed or failed. */
  readonly maxAgeSeconds: number;
}

/**
 * For the stale-backup alerts (observability, through kube-state-metrics'
 * kube_cronjob_status_last_successful_time): one objective per backup and restore-test CronJob.
 */
export function backupFreshnessObjectives(environment: Environment): BackupFreshnessObjective[] {
  const dump = mysqlDumpSchedule(environment);
  const objectives: BackupFreshnessObjective[] = [
    { cronJob: mysqlBackupCronJobName, namespace: environment.appNamespace, maxAgeSeconds: dump.periodSeconds + mysqlDumpDeadlineSeconds(dump) },
    { cronJob: xwikiExportCronJobName, namespace: environment.appNamespace, maxAgeSeconds: xwikiExportSchedule().periodSeconds + xwikiExportDeadlineSeconds },
  ];
  if (restoreTestSourceOf(environment)) {
    objectives.push({
      cronJob: mysqlRestoreTestCronJobName,
      namespace: environment.appNamespace,
      maxAgeSeconds: restoreTestSchedule(environment).periodSeconds + restoreTestDeadlineSeconds,
    });
  }
  return objectives;
}
