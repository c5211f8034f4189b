import { toMultiDocumentYaml } from '../engine/serialize.ts';
import type { PlainObject } from '../engine/plain-object.ts';
import type { Output } from '../output.ts';
import { type Workspace, environmentNamed } from '../workspace.ts';
import { checkedClusterContext, kubectlInContext } from './cluster-context.ts';
import type { Kubectl } from './kubectl.ts';
import { renderedObjects } from './render.ts';

export interface SmokeRunOptions {
  /** Create the Jobs with kubectl and report their results, instead of printing the manifests. */
  readonly run: boolean;
  /** The kubectl context of the environment's cluster (`--context`); else the current one, checked. */
  readonly context?: string | undefined;
  /** Waits between two looks at a Job's status; injected so tests do not wait. */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** How often a running Job's status is read. */
  readonly pollMilliseconds?: number;
}

type JobOutcome = 'Complete' | 'Failed';

const defaultSleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
/** How long an on-demand run's Job stays for its logs (Flux's own smoke Jobs keep `smoke.rerunAfter`). */
const onDemandTtlSeconds = 3600;

/**
 * An on-demand copy of a smoke Job: a name of its own (generateName), so it never collides with
 * the Job Flux runs, and no Flux annotation (Flux does not own it).
 */
function onDemandCopy(job: PlainObject): Record<string, unknown> {
  const { name, annotations, ...metadata } = job.metadata as PlainObject['metadata'] & { annotations?: Record<string, string> };
  const kept = Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !key.startsWith('kustomize.toolkit.fluxcd.io/')));
  const spec = job.spec as Record<string, unknown>;
  return {
    ...job,
    metadata: { ...metadata, generateName: `${name}-`, annotations: { ...kept, 'open4goods.org/run': 'o4g smoke --run' } },
    spec: { ...spec, ttlSecondsAfterFinished: onDemandTtlSeconds },
  };
}

/** The outcome of a finished Job from its conditions, or undefined while it runs. */
function outcomeOf(conditions: string): JobOutcome | undefined {
  const types = conditions.split(/\s+/).filter(Boolean);
  if (types.includes('Failed')) return 'Failed';
  if (types.includes('Complete')) return 'Complete';
  return undefined;
}

async function waitForJob(kubectl: Kubectl, namespace: string, name: string, deadlineSeconds: number, options: SmokeRunOptions): Promise<JobOutcome | 'timed out' | string> {
  const poll = options.pollMilliseconds ?? 2000;
  const sleep = options.sleep ?? defaultSleep;
  for (let waited = 0; waited <= deadlineSeconds * 1000; waited += poll) {
    const status = kubectl(['-n', namespace, 'get', 'job', name, '-o', 'jsonpath={.status.conditions[?(@.status=="True")].type}'], '');
    if (status.status !== 0) return `kubectl get failed: ${status.stderr.trim()}`;
    const outcome = outcomeOf(status.stdout);
    if (outcome) return outcome;
    await sleep(poll);
  }
  return 'timed out';
}

/**
 * `o4g smoke <env> [--run]`: the smoke checks of an environment. Without --run, their manifests
 * (what Flux applies after the apps). With --run, the supporting objects are applied, one
 * on-demand copy of every Job is created, each is followed to its end, its log printed, and the
 * command exits 1 when any failed: the same checks, run now, by an operator, in the kubectl
 * context checked to be the environment's cluster.
 */
export async function runSmoke(workspace: Workspace, environmentName: string, options: SmokeRunOptions, output: Output, unpinnedKubectl: Kubectl): Promise<number> {
  const objects = renderedObjects(workspace, environmentName, 'smoke');
  if (!options.run) {
    output.out(toMultiDocumentYaml(objects));
    return 0;
  }
  const context = checkedClusterContext(environmentNamed(workspace, environmentName), options.context, unpinnedKubectl);
  output.err(`o4g smoke: kubectl context "${context.name}" (${context.server}): ${context.basis}\n`);
  const kubectl = kubectlInContext(unpinnedKubectl, context);
  const jobs = objects.filter((object) => object.kind === 'Job');
  const supporting = objects.filter((object) => object.kind !== 'Job');
  if (supporting.length > 0) {
    const applied = kubectl(['apply', '-f', '-'], toMultiDocumentYaml(supporting));
    if (applied.status !== 0) {
      output.err(`${applied.stderr}o4g smoke: kubectl apply of the smoke ServiceAccount and scripts failed; no check ran\n`);
      return 1;
    }
  }
  const started: { readonly namespace: string; readonly name: string; readonly deadline: number }[] = [];
  for (const job of jobs) {
    const created = kubectl(['create', '-f', '-', '-o', 'name'], toMultiDocumentYaml([onDemandCopy(job)]));
    const namespace = job.metadata.namespace!;
    if (created.status !== 0) {
      output.err(`${created.stderr}o4g smoke: could not create ${namespace}/${job.metadata.name}\n`);
      started.push({ namespace, name: '', deadline: 0 });
      continue;
    }
    const name = created.stdout.trim().replace(/^job(\.batch)?\//, '');
    const deadline = Number((job.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds ?? 600) + 60;
    output.err(`o4g smoke: started ${namespace}/${name}\n`);
    started.push({ namespace, name, deadline });
  }
  let failures = 0;
  const report: string[] = [];
  for (const [index, job] of started.entries()) {
    const smokeName = `${jobs[index]!.metadata.namespace}/${jobs[index]!.metadata.name}`;
    if (!job.name) {
      failures++;
      report.push(`FAIL ${smokeName}: not created`);
      continue;
    }
    const outcome = await waitForJob(kubectl, job.namespace, job.name, job.deadline, options);
    const logs = kubectl(['-n', job.namespace, 'logs', `job/${job.name}`, '--all-containers'], '');
    output.out(`--- ${job.namespace}/${job.name}\n${logs.stdout}${logs.status === 0 ? '' : `(no log: ${logs.stderr.trim()})\n`}`);
    if (outcome === 'Complete') report.push(`PASS ${smokeName}`);
    else {
      failures++;
      report.push(`FAIL ${smokeName}: ${outcome === 'Failed' ? 'the Job failed (its log is above)' : outcome}`);
    }
  }
  output.out(`${report.join('\n')}\n`);
  output.err(`o4g smoke: ${failures === 0 ? `every check of ${environmentName} passed` : `${failures} of ${started.length} checks of ${environmentName} failed`}\n`);
  return failures === 0 ? 0 : 1;
}
