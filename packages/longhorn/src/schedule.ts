import { type Environment, parseDurationSeconds } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';

/** Longhorn keeps at most this many snapshots of a volume; a retention beyond it cannot work. */
export const longhornSnapshotLimit = 250;
/** Longhorn's default `recurring-job-max-retention`. */
export const longhornDefaultMaxRetention = 100;

/** When the recurring jobs run and how many results each keeps. */
export interface RecurringSchedule {
  /** Off-site backups run every this many hours (24 = daily); a divisor of 24. */
  readonly backupIntervalHours: number;
  readonly backupCron: string;
  /** Backups kept in S3: the retention decision, in backups. */
  readonly backupRetain: number;
  /** Local snapshots are hourly and cover the time between two backups. */
  readonly snapshotCron: string;
  readonly snapshotRetain: number;
}

const hourDivisorsOf24 = [24, 12, 8, 6, 4, 3, 2, 1] as const;

/**
 * The schedule the environment's decisions ask for: a backup at least as often as the RPO (daily
 * for an RPO of a day or more), each kept for the retention decision, and hourly snapshots for
 * the hours between two backups. Backups run at 02:00 (and every interval after): the quiet hours.
 */
export function recurringSchedule(environment: Environment): RecurringSchedule {
  const { rpo } = environment.decisions.recoveryObjectives.value;
  const rpoHours = parseDurationSeconds(rpo)! / 3600;
  if (rpoHours < 1) {
    throw new BuildInputError(
      environment.sourceFile,
      'decisions.recoveryObjectives.value.rpo',
      `an RPO of ${rpo} cannot be met by Longhorn backups, which run at most hourly`,
      'decide an RPO of at least 1h, or add a replication mechanism before lowering it',
    );
  }
  const backupIntervalHours = hourDivisorsOf24.find((hours) => hours <= rpoHours)!;
  const { retentionDays } = environment.decisions.s3.value;
  const backupRetain = Math.ceil((retentionDays * 24) / backupIntervalHours);
  if (backupRetain > longhornSnapshotLimit) {
    throw new BuildInputError(
      environment.sourceFile,
      'decisions.s3.value.retentionDays',
      `${retentionDays} days of backups every ${backupIntervalHours}h is ${backupRetain} backups per volume; Longhorn keeps at most ${longhornSnapshotLimit}`,
      `keep at most ${Math.floor((longhornSnapshotLimit * backupIntervalHours) / 24)} days, or a longer RPO`,
    );
  }
  return {
    backupIntervalHours,
    backupCron: backupCronFor(backupIntervalHours),
    backupRetain,
    snapshotCron: '0 * * * *',
    snapshotRetain: backupIntervalHours,
  };
}

/** Every `hours` hours, aligned on 02:00: `0 2 * * *` daily, `0 2-23/6 * * *` every 6 hours. */
function backupCronFor(hours: number): string {
  if (hours === 24) return '0 2 * * *';
  if (hours === 1) return '0 * * * *';
  return `0 ${2 % hours}-23/${hours} * * *`;
}

/** The `recurring-job-max-retention` setting needed, when the default of 100 is not enough. */
export function maxRetentionSetting(schedule: RecurringSchedule): number | undefined {
  const needed = Math.max(schedule.backupRetain, schedule.snapshotRetain);
  return needed > longhornDefaultMaxRetention ? needed : undefined;
}
