import { type Environment, parseDurationSeconds } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';

/** When a CronJob runs, in UTC, and how far apart two runs are at most. */
export interface CronSchedule {
  readonly cron: string;
  readonly periodSeconds: number;
  /** For runbooks and comments: "every 6 hours at minute 17". */
  readonly description: string;
}

const minute = 60;
const hour = 3600;
const day = 86_400;

/**
 * The dump intervals a cron expression keeps exactly: each divides the day, so runs stay evenly
 * spaced across midnight. Longest first. Minutes are offset from the full hour so the jobs do not
 * start with every other job of the cluster.
 */
const dumpSchedules: readonly CronSchedule[] = [
  { cron: '17 2 * * *', periodSeconds: day, description: 'daily at 02:17 UTC' },
  ...[12, 8, 6, 4, 3, 2].map((hours) => ({ cron: `17 */${hours} * * *`, periodSeconds: hours * hour, description: `every ${hours} hours at minute 17 (UTC)` })),
  { cron: '17 * * * *', periodSeconds: hour, description: 'hourly at minute 17' },
  ...[30, 20, 15].map((minutes) => ({ cron: `7-59/${minutes} * * * *`, periodSeconds: minutes * minute, description: `every ${minutes} minutes` })),
];

function formatDuration(seconds: number): string {
  if (seconds % day === 0) return `${seconds / day}d`;
  if (seconds % hour === 0) return `${seconds / hour}h`;
  return `${seconds / minute}m`;
}

/**
 * The MySQL dump schedule derived from the environment's RPO: the longest interval that does not
 * exceed it. A daily dump meets an RPO of a day or more; an RPO of 1h gets hourly dumps. Below
 * the shortest interval, logical dumps cannot meet the RPO and the build says so.
 */
export function mysqlDumpSchedule(environment: Environment): CronSchedule {
  const rpo = environment.decisions.recoveryObjectives.value.rpo;
  const rpoSeconds = parseDurationSeconds(rpo)!;
  const schedule = dumpSchedules.find((candidate) => candidate.periodSeconds <= rpoSeconds);
  if (!schedule) {
    const shortest = dumpSchedules.at(-1)!.periodSeconds;
    throw new BuildInputError(
      environment.sourceFile,
      'decisions.recoveryObjectives.rpo',
      `an RPO of ${rpo} cannot be met by logical dumps: the shortest dump interval is ${formatDuration(shortest)} (a dump of the whole database takes minutes)`,
      `raise the RPO to ${formatDuration(shortest)} or more; a shorter RPO needs binary-log shipping or a replica, which this platform does not build`,
    );
  }
  return schedule;
}

/**
 * The XAR export runs daily, after the night's dump: it is the portable second net (pages
 * without the database), heavy for XWiki, and the dump carries the RPO.
 */
export function xwikiExportSchedule(): CronSchedule {
  return { cron: '47 3 * * *', periodSeconds: day, description: 'daily at 03:47 UTC' };
}

const restoreTestSchedules: readonly CronSchedule[] = [
  { cron: '37 5 * * 1', periodSeconds: 7 * day, description: 'weekly, on Monday at 05:37 UTC' },
  { cron: '37 5 * * *', periodSeconds: day, description: 'daily at 05:37 UTC' },
];

/**
 * The restore-test schedule from decisions.restoreTestFrequency: the longest schedule that runs at
 * least that often, after the source environment's night dump (02:17 UTC). Weekly is the longest
 * a cron expression keeps exactly, so a rarer frequency still runs weekly.
 */
export function restoreTestSchedule(environment: Environment): CronSchedule {
  const frequency = environment.decisions.restoreTestFrequency.value;
  const frequencySeconds = parseDurationSeconds(frequency)!;
  const schedule = restoreTestSchedules.find((candidate) => candidate.periodSeconds <= frequencySeconds);
  if (!schedule) {
    throw new BuildInputError(
      environment.sourceFile,
      'decisions.restoreTestFrequency',
      `a restore test every ${frequency} is more often than daily: each run restores the whole database`,
      'use "1d" or a longer duration such as "7d"',
    );
  }
  return schedule;
}
