import { type Environment, appsSuspendedIn, parseDurationSeconds } from '@open4goods/environments';
import { backupCronJobNames } from '@open4goods/kit';
import { type AlertGroupDefinition, anyOf, labelSelector } from './alert-rule.ts';

/** CronJobs whose last success must be younger than the RPO. */
export const backupCronJobs = [backupCronJobNames.mysqlDump, backupCronJobNames.xwikiExport] as const;

/**
 * Age of the last success of CronJobs, and CronJobs that never succeeded although they exist for
 * longer than the threshold (kube-state-metrics has no last-success series for those).
 */
function staleCronJobs(namespace: string, cronJobs: readonly string[], thresholdSeconds: number): string {
  const selected = labelSelector({ namespace, cronjob: anyOf(cronJobs) });
  const lastSuccess = `max by (namespace, cronjob) (kube_cronjob_status_last_successful_time${selected})`;
  const created = `max by (namespace, cronjob) (kube_cronjob_created${selected})`;
  return `(time() - ${lastSuccess}) > ${thresholdSeconds} or ((time() - ${created}) > ${thresholdSeconds} unless on (namespace, cronjob) ${lastSuccess})`;
}

function missingCronJobs(namespace: string, cronJobs: readonly string[]): string {
  return cronJobs.map((cronJob) => ` or absent(kube_cronjob_created${labelSelector({ namespace, cronjob: cronJob })})`).join('');
}

/**
 * The backups component's CronJobs (names from kit's `backupCronJobNames`, the contract with that
 * package). Thresholds come from the environment's decisions: the RPO for the backups, the
 * restore-test frequency for the rehearsal. A backup CronJob that does not exist is an alert too,
 * where the apps are deployed; the restore test is only required where it is scheduled.
 */
export function backupAlerts(environment: Environment): AlertGroupDefinition {
  const namespace = environment.appNamespace;
  const { rpo } = environment.decisions.recoveryObjectives.value;
  const restoreTestFrequency = environment.decisions.restoreTestFrequency.value;
  const rpoSeconds = parseDurationSeconds(rpo)!;
  const restoreTestSeconds = parseDurationSeconds(restoreTestFrequency)!;
  const missing = appsSuspendedIn(environment) ? '' : missingCronJobs(namespace, backupCronJobs);
  return {
    name: 'backups',
    alerts: [
      {
        alert: 'BackupStale',
        expr: `${staleCronJobs(namespace, backupCronJobs, rpoSeconds)}${missing}`,
        // The time a run itself takes: a daily job finishing a few minutes later than yesterday's is not an incident.
        for: '10m',
        severity: 'critical',
        summary: `Backup CronJob {{ $labels.cronjob }} in ${namespace} has not succeeded within the RPO (${rpo})`,
        description: `The last successful run is older than the recovery point objective of ${environment.sourceFile} (decisions.recoveryObjectives.rpo = ${rpo}), the CronJob never succeeded, or it does not exist: a restore now would lose more data than agreed.`,
      },
      {
        alert: 'RestoreTestStale',
        expr: staleCronJobs(namespace, [backupCronJobNames.restoreTest], restoreTestSeconds),
        for: '10m',
        severity: 'warning',
        summary: `The restore test in ${namespace} has not succeeded for longer than ${restoreTestFrequency}`,
        description: `The restore rehearsal (CronJob ${backupCronJobNames.restoreTest}) has not succeeded within the restore-test frequency (decisions.restoreTestFrequency = ${restoreTestFrequency}): nobody knows whether the backups can be restored.`,
      },
    ],
  };
}
