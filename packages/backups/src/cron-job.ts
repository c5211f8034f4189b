import type { Environment } from '@open4goods/environments';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import { backupLabels } from './backup-pod.ts';
import type { BackupJobKind } from './names.ts';
import type { CronSchedule } from './schedule.ts';

/** How long the cluster keeps finished jobs (and their pods' logs) of each outcome. */
export const jobHistoryLimits = { successful: 3, failed: 3 } as const;

/** A run that could not start within this (controller down, node pressure) is skipped, and the stale-backup alert fires. */
export function startingDeadlineSecondsOf(schedule: CronSchedule): number {
  return Math.min(3600, Math.floor(schedule.periodSeconds / 2));
}

export interface BackupCronJobOptions {
  readonly environment: Environment;
  readonly name: string;
  readonly kind: BackupJobKind;
  readonly schedule: CronSchedule;
  /** A run taking longer is killed and counts as failed. */
  readonly activeDeadlineSeconds: number;
  /** Pods retried after a failure, each from a clean scratch volume. */
  readonly backoffLimit: number;
  readonly podSpec: IIoK8sApiCoreV1PodSpec;
}

/**
 * A CronJob of the backup family: UTC schedule, never two runs at once, bounded retries and
 * run time, a few finished jobs kept for their logs. kube-state-metrics exposes its last
 * successful run and failed jobs, which the observability component alerts on.
 */
export function renderBackupCronJob(options: BackupCronJobOptions): CronJob {
  const labels = backupLabels(options.name, options.kind);
  return new CronJob({
    metadata: {
      name: options.name,
      namespace: options.environment.appNamespace,
      labels,
      annotations: { 'open4goods.org/schedule': options.schedule.description },
    },
    spec: {
      schedule: options.schedule.cron,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: startingDeadlineSecondsOf(options.schedule),
      successfulJobsHistoryLimit: jobHistoryLimits.successful,
      failedJobsHistoryLimit: jobHistoryLimits.failed,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: options.backoffLimit,
          activeDeadlineSeconds: options.activeDeadlineSeconds,
          template: { metadata: { labels }, spec: options.podSpec },
        },
      },
    },
  });
}
