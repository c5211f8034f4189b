import { type Environment, openDecisionsOf } from '@open4goods/environments';
import { fluxKustomizationName } from '@open4goods/kit';
import { mysqlUnitName } from '@open4goods/mysql';
import { xwikiUnitName } from '@open4goods/xwiki';
import { backupsUnitName } from '../names.ts';
import { restoreTestSourceOf } from '../restore-test.ts';
import { type BackupKind, backupLocation, serverSideEncryptionOf } from '../s3.ts';
import { type CronSchedule, mysqlDumpSchedule, restoreTestSchedule, xwikiExportSchedule } from '../schedule.ts';
import { code } from './markdown.ts';

/** The Flux Kustomizations an operator suspends before touching a workload by hand. */
export const fluxKustomizations = {
  mysql: fluxKustomizationName({ layer: 'apps', component: 'mysql', unit: mysqlUnitName }),
  xwiki: fluxKustomizationName({ layer: 'apps', component: 'xwiki', unit: xwikiUnitName }),
  backups: fluxKustomizationName({ layer: 'apps', component: 'backups', unit: backupsUnitName }),
} as const;

/** Everything a runbook says about one environment, computed from it. */
export interface EnvironmentFacts {
  readonly environment: Environment;
  readonly namespace: string;
  readonly dumpSchedule: CronSchedule;
  readonly exportSchedule: CronSchedule;
  readonly restoreTest?: { readonly source: Environment; readonly schedule: CronSchedule };
  location(kind: BackupKind): string;
  /** "SSE-S3 (AES256)" or "SSE-KMS (aws:kms, key …)". */
  readonly encryption: string;
  /** "locked" or "open (proposal)". */
  status(decision: 'recoveryObjectives' | 's3' | 'restoreTestFrequency'): string;
}

export function factsOf(environment: Environment): EnvironmentFacts {
  const s3 = environment.decisions.s3.value;
  const source = restoreTestSourceOf(environment);
  const encryption = serverSideEncryptionOf(s3);
  const open = new Set(openDecisionsOf(environment).map((decision) => decision.name));
  return {
    environment,
    namespace: environment.appNamespace,
    dumpSchedule: mysqlDumpSchedule(environment),
    exportSchedule: xwikiExportSchedule(),
    ...(source ? { restoreTest: { source, schedule: restoreTestSchedule(environment) } } : {}),
    location: (kind) => backupLocation(s3, kind),
    encryption: encryption.kmsKeyId ? `${s3.encryption.mode} (${encryption.algorithm}, key ${code(encryption.kmsKeyId)})` : `${s3.encryption.mode} (${encryption.algorithm})`,
    status: (decision) => (open.has(decision) ? 'open (proposal)' : 'locked'),
  };
}
