import { type Environment, apiServerOfContextCommand, apiServerSetting, openDecisionsOf } from '@open4goods/environments';
import { fluxKustomizationName } from '@open4goods/kit';
import { mysqlUnitName } from '@open4goods/mysql';
import { xwikiUnitName } from '@open4goods/xwiki';
import { backupsUnitName } from '../names.ts';
import { restoreTestSourceOf } from '../restore-test.ts';
import { type BackupKind, backupLocation, serverSideEncryptionOf } from '../s3.ts';
import { type CronSchedule, mysqlDumpSchedule, restoreTestSchedule, xwikiExportSchedule } from '../schedule.ts';
import { code, shell } from './markdown.ts';

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
  /**
   * What `o4g restore --apply` needs besides: ` --context <env-context>` where the environment
   * names no `cluster.apiServer` (o4g cannot check the current context then), else nothing.
   */
  readonly contextFlag: string;
  /** The step that points kubectl at the environment's cluster, before anything acts on it. */
  readonly clusterStep: string;
}

/** Where the runbooks name the operator's kubectl context of an environment (each names their own). */
const contextPlaceholder = (environment: Environment) => `<${environment.name}-context>`;

/** The step that points kubectl at the environment's cluster, and what o4g checks of it. */
function clusterStepOf(environment: Environment): string {
  const context = contextPlaceholder(environment);
  const commands = shell(`kubectl config use-context ${context}   # the kubectl commands below use the current context`, apiServerOfContextCommand(context));
  const field = `${code('cluster.apiServer')} in ${code(environment.sourceFile)}`;
  if (environment.cluster.apiServer) {
    return `Point kubectl at ${environment.name}'s cluster, the context whose server is ${code(environment.cluster.apiServer)} (${field}); ${code('o4g restore --apply')} refuses any other:\n${commands}`;
  }
  return (
    `Point kubectl at ${environment.name}'s cluster. ${environment.name} names no API server (${field} is unset), so ${code('o4g restore --apply')} cannot check the current context and acts only in the one ${code('--context')} names. ` +
    `Write the server the second command prints as ${code(apiServerSetting)} in ${code(environment.sourceFile)} and run ${code('npx o4g build')}: from then on o4g refuses a context of another cluster.\n${commands}`
  );
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
    contextFlag: environment.cluster.apiServer ? '' : ` --context ${contextPlaceholder(environment)}`,
    clusterStep: clusterStepOf(environment),
  };
}
