import { type BackupKind, renderRestoreJob, restorableKinds } from '@open4goods/backups';
import { toPlainObject } from '../engine/plain-object.ts';
import { toMultiDocumentYaml } from '../engine/serialize.ts';
import type { Output } from '../output.ts';
import { type Workspace, environmentNamed } from '../workspace.ts';
import { checkedClusterContext, kubectlInContext } from './cluster-context.ts';
import { type Kubectl, systemKubectl } from './kubectl.ts';

export interface RestoreOptions {
  readonly from: string | undefined;
  /** Create the Job with kubectl instead of printing it. */
  readonly apply: boolean;
  /** The kubectl context of the environment's cluster (`--context`); else the current one, checked. */
  readonly context?: string | undefined;
}

export class RestoreUsageError extends Error {}

function isRestorableKind(kind: string): kind is BackupKind {
  return (restorableKinds as readonly string[]).includes(kind);
}

/**
 * `o4g restore <mysql|xwiki> <env> --from <key|latest> [--apply]`: the Job that restores the
 * environment from one of its backups, printed for review, or created with `kubectl create` (not
 * apply: a Job left from an earlier restore must be read and deleted first, never silently reused)
 * in the kubectl context checked to be the environment's cluster.
 */
export function runRestore(workspace: Workspace, kind: string, environmentName: string, options: RestoreOptions, output: Output, kubectl: Kubectl = systemKubectl): number {
  if (!isRestorableKind(kind)) throw new RestoreUsageError(`restore restores ${restorableKinds.join(' or ')}, not "${kind}"`);
  if (!options.from) throw new RestoreUsageError('restore needs --from latest, or the name or key of a backup');
  const environment = environmentNamed(workspace, environmentName);
  const job = renderRestoreJob(environment, kind, options.from);
  job.validate();
  const manifest = toMultiDocumentYaml([toPlainObject(job)]);
  if (!options.apply) {
    output.out(manifest);
    return 0;
  }
  const context = checkedClusterContext(environment, options.context, kubectl);
  output.err(`o4g restore: kubectl context "${context.name}" (${context.server}): ${context.basis}\n`);
  const result = kubectlInContext(kubectl, context)(['create', '-f', '-'], manifest);
  output.out(result.stdout);
  if (result.status !== 0) {
    output.err(`${result.stderr}o4g restore: kubectl create failed; nothing was restored\n`);
    return 1;
  }
  const names = job.spec!.template.spec!;
  const containers = [...(names.initContainers ?? []), ...names.containers].map((container) => container.name);
  output.err(
    `o4g restore: created job/${job.metadata!.name} in ${job.metadata!.namespace}; follow it with\n` +
      containers.map((container) => `  kubectl --context ${context.name} -n ${job.metadata!.namespace} logs -f job/${job.metadata!.name} -c ${container}\n`).join(''),
  );
  return 0;
}
