import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from '../cli.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { loadWorkspace } from '../workspace.ts';
import { kubectlPinnedTo, testApiServers } from '../testing/kubeconfig.ts';
import type { Kubectl } from './kubectl.ts';
import { runSmoke } from './smoke.ts';

const workspace = loadWorkspace(repositoryRoot);

function capture() {
  const printed = { out: '', err: '' };
  return { printed, output: { out: (text: string) => (printed.out += text), err: (text: string) => (printed.err += text) } };
}

interface Call {
  readonly args: readonly string[];
  readonly input: string;
}

/**
 * A cluster as kubectl shows it: creations get a generated name, each Job reports the conditions
 * `states` gives it in turn (running first, then finished), and logs say which Job they are.
 */
function fakeCluster(outcomeOf: (job: string) => string[], options: { refuseApply?: boolean } = {}) {
  const calls: Call[] = [];
  const polls = new Map<string, number>();
  let created = 0;
  const kubectl: Kubectl = (args, input) => {
    calls.push({ args, input });
    if (args[0] === 'apply') return options.refuseApply ? { status: 1, stdout: '', stderr: 'Error from server (Forbidden)\n' } : { status: 0, stdout: 'configured\n', stderr: '' };
    if (args[0] === 'create') {
      const generateName = /generateName: (\S+)/.exec(input)![1]!;
      return { status: 0, stdout: `job.batch/${generateName}run${++created}\n`, stderr: '' };
    }
    // kubectl -n <namespace> get job <name> …, or kubectl -n <namespace> logs job/<name> …
    const job = args[2] === 'get' ? args[4]! : args[3]!.replace('job/', '');
    if (args[2] === 'get') {
      const states = outcomeOf(job.replace(/-run\d+$/, ''));
      const seen = polls.get(job) ?? 0;
      polls.set(job, seen + 1);
      return { status: 0, stdout: states[Math.min(seen, states.length - 1)]!, stderr: '' };
    }
    return { status: 0, stdout: `log of ${job}\nRESULT …\n`, stderr: '' };
  };
  // Every call in staging's context, the one the runs below give with --context.
  return { kubectl: kubectlPinnedTo('staging-admin', testApiServers.staging, kubectl), calls };
}

const noWait = async () => {};

describe('o4g smoke', () => {
  it('prints the smoke checks of an environment: the Jobs Flux runs after the apps, with their ServiceAccount and scripts', async () => {
    const { printed, output } = capture();
    expect(await main(['--root', repositoryRoot, 'smoke', 'staging'], output)).toBe(0);
    const objects = parseAllDocuments(printed.out).map((document) => document.toJSON() as { kind: string; metadata: { name: string; namespace: string } });
    const jobs = objects.filter((object) => object.kind === 'Job').map((object) => `${object.metadata.namespace}/${object.metadata.name}`);
    expect(jobs).toContain('open4goods-staging/smoke-mysql-crud');
    expect(jobs).toContain('open4goods-staging/smoke-xwiki-ingress');
    expect(jobs).toContain('open4goods-staging/smoke-backups-present');
    expect(jobs).toContain('nginx-ingress/smoke-network-ingress-controller');
    expect(jobs.filter((job) => job.endsWith('/smoke-network-any-pod')).length).toBeGreaterThan(5);
    expect(objects.filter((object) => object.kind !== 'Job').map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'ConfigMap/smoke-scripts',
      'ExternalSecret/smoke-s3-credentials',
      'ServiceAccount/smoke',
    ]);
  });

  it('needs an environment, and names the valid ones', async () => {
    const missing = capture();
    expect(await main(['--root', repositoryRoot, 'smoke'], missing.output)).toBe(2);
    expect(missing.printed.err).toContain('smoke needs an environment: o4g smoke <env> [--run]');
    const wrong = capture();
    expect(await main(['--root', repositoryRoot, 'smoke', 'production'], wrong.output)).toBe(1);
    expect(wrong.printed.err).toContain('unknown environment "production": expected one of prod, staging');
  });

  it('runs an on-demand copy of every Job, follows each to its end and passes when all complete', async () => {
    const { kubectl, calls } = fakeCluster(() => ['', 'Complete']);
    const { printed, output } = capture();
    expect(await runSmoke(workspace, 'staging', { run: true, context: 'staging-admin', sleep: noWait }, output, kubectl)).toBe(0);
    // The supporting objects first, then one creation per Job, never an apply of a Job.
    expect(calls[0]!.args).toEqual(['apply', '-f', '-']);
    expect(calls[0]!.input).not.toContain('kind: Job');
    const creations = calls.filter((call) => call.args[0] === 'create');
    expect(creations.length).toBeGreaterThan(5);
    for (const creation of creations) {
      expect(creation.args).toEqual(['create', '-f', '-', '-o', 'name']);
      // A name of its own, no Flux annotation (Flux must not own or force it), a short TTL.
      expect(creation.input).toMatch(/generateName: smoke-[a-z-]+-\n/);
      expect(creation.input).not.toMatch(/\n {4}name: /);
      expect(creation.input).not.toContain('kustomize.toolkit.fluxcd.io');
      expect(creation.input).toContain('ttlSecondsAfterFinished: 3600');
    }
    expect(printed.out).toContain('--- open4goods-staging/smoke-mysql-crud-run1\nlog of smoke-mysql-crud-run1');
    expect(printed.out).toContain('PASS open4goods-staging/smoke-mysql-crud\n');
    expect(printed.out).not.toContain('FAIL');
    expect(printed.err).toContain('o4g smoke: every check of staging passed');
  });

  it('fails, naming the Job, when one fails or never finishes, and still reports the others', async () => {
    const { kubectl } = fakeCluster((job) => (job === 'smoke-xwiki-ingress' ? ['Failed'] : job === 'smoke-backups-present' ? [''] : ['Complete']));
    const { printed, output } = capture();
    expect(await runSmoke(workspace, 'staging', { run: true, context: 'staging-admin', sleep: noWait, pollMilliseconds: 60_000 }, output, kubectl)).toBe(1);
    expect(printed.out).toContain('FAIL open4goods-staging/smoke-xwiki-ingress: the Job failed (its log is above)');
    expect(printed.out).toContain('FAIL open4goods-staging/smoke-backups-present: timed out');
    expect(printed.out).toContain('PASS open4goods-staging/smoke-mysql-crud');
    expect(printed.err).toMatch(/o4g smoke: 2 of \d+ checks of staging failed/);
  });

  it('runs nothing when the scripts and ServiceAccount cannot be applied', async () => {
    const { kubectl, calls } = fakeCluster(() => ['Complete'], { refuseApply: true });
    const { printed, output } = capture();
    expect(await runSmoke(workspace, 'staging', { run: true, context: 'staging-admin', sleep: noWait }, output, kubectl)).toBe(1);
    expect(calls).toHaveLength(1);
    expect(printed.err).toContain('Forbidden');
    expect(printed.err).toContain('no check ran');
  });
});
