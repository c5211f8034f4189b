import { apiServerOfContextCommand } from '@open4goods/environments';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kubectlAvailable } from '../testing/kubectl.ts';
import { kubeconfigKubectl, type TestKubeconfig, temporaryKubeconfig, testApiServers } from '../testing/kubeconfig.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { type Workspace, loadWorkspace } from '../workspace.ts';
import { sameApiServer } from './cluster-context.ts';
import { runRestore } from './restore.ts';
import { runSmoke } from './smoke.ts';

const workspace = loadWorkspace(repositoryRoot);

/** This repository's environments, prod's and staging's `cluster.apiServer` set to the test kubeconfig's clusters. */
const workspaceWithApiServers: Workspace = {
  ...workspace,
  environments: workspace.environments.map((environment) => ({
    ...environment,
    cluster: { ...environment.cluster, apiServer: testApiServers[environment.name as keyof typeof testApiServers] },
  })),
};

function capture() {
  const printed = { out: '', err: '' };
  return { printed, output: { out: (text: string) => (printed.out += text), err: (text: string) => (printed.err += text) } };
}

/** A cluster that accepts every Job and says each completed. */
const acceptingCluster = (args: readonly string[], input: string) => {
  if (args.includes('create')) {
    const name = /generateName: (\S+)/.exec(input)?.[1];
    return { status: 0, stdout: name ? `job.batch/${name}run\n` : 'job.batch/mysql-restore created\n', stderr: '' };
  }
  if (args.includes('get')) return { status: 0, stdout: 'Complete', stderr: '' };
  return { status: 0, stdout: '', stderr: '' };
};

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
function kubeconfig(current: 'prod-admin' | 'staging-admin'): TestKubeconfig {
  const file = temporaryKubeconfig(current);
  cleanups.push(file.remove);
  return file;
}

describe('sameApiServer', () => {
  it('takes the spellings a kubeconfig may use for one server, and no other server', () => {
    expect(sameApiServer('https://API.Example.org:443/', 'https://api.example.org')).toBe(true);
    expect(sameApiServer('https://203.0.113.10:6443', 'https://203.0.113.10:6443')).toBe(true);
    expect(sameApiServer('https://203.0.113.10:6443', 'https://203.0.113.10:6444')).toBe(false);
    expect(sameApiServer('https://203.0.113.10:6443', 'https://203.0.113.1:6443')).toBe(false);
    expect(sameApiServer('http://203.0.113.10:6443', 'https://203.0.113.10:6443')).toBe(false);
    expect(sameApiServer('https://rancher.example.org/k8s/clusters/c-1', 'https://rancher.example.org')).toBe(false);
    expect(sameApiServer('not a url', 'https://203.0.113.10:6443')).toBe(false);
  });
});

describe.runIf(kubectlAvailable())('commands that act on a cluster use the one the environment names (real kubectl, a kubeconfig with two contexts)', () => {
  const restoreProd = (kubectl: Parameters<typeof runRestore>[5], context?: string, target: Workspace = workspaceWithApiServers) => {
    const { printed, output } = capture();
    const code = runRestore(target, 'mysql', 'prod', { from: 'latest', apply: true, context }, output, kubectl);
    return { code, ...printed };
  };

  it('o4g restore --apply refuses the current context when it is another cluster, and reaches none', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('staging-admin').path, acceptingCluster);
    expect(() => restoreProd(kubectl)).toThrow(
      `the current context "staging-admin" points at ${testApiServers.staging}, but prod's cluster is ${testApiServers.prod} ` +
        '(cluster.apiServer in packages/environments/src/prod.ts); nothing was sent to a cluster. ' +
        `Fix: give --context <name> of a context whose server is ${testApiServers.prod}`,
    );
    expect(clusterCalls).toEqual([]);
  });

  it('o4g restore --apply refuses a --context of another cluster', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('prod-admin').path, acceptingCluster);
    expect(() => restoreProd(kubectl, 'staging-admin')).toThrow(`--context staging-admin points at ${testApiServers.staging}, but prod's cluster is ${testApiServers.prod}`);
    expect(clusterCalls).toEqual([]);
  });

  it('o4g restore --apply refuses a --context the kubeconfig does not have, saying where to look', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('prod-admin').path, acceptingCluster);
    expect(() => restoreProd(kubectl, 'prod')).toThrow('kubectl has no usable context "prod" (error: cannot locate context prod); nothing was sent to a cluster. Fix: give --context <name> of prod\'s context (kubectl config get-contexts lists them)');
    expect(clusterCalls).toEqual([]);
  });

  it('o4g restore --apply with --context of the right cluster creates the Job in that context, whatever is current', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('staging-admin').path, acceptingCluster);
    const { code, err } = restoreProd(kubectl, 'prod-admin');
    expect(code).toBe(0);
    expect(clusterCalls.map((call) => call.args)).toEqual([['--context', 'prod-admin', 'create', '-f', '-']]);
    expect(err).toContain(`o4g restore: kubectl context "prod-admin" (${testApiServers.prod}): its server is prod's cluster.apiServer in packages/environments/src/prod.ts`);
    // The commands it prints to follow the Job name the context too.
    expect(err).toContain('kubectl --context prod-admin -n open4goods-prod logs -f job/mysql-restore -c restore');
  });

  it('o4g restore --apply takes the current context when it is the right cluster, and pins it', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('prod-admin').path, acceptingCluster);
    expect(restoreProd(kubectl).code).toBe(0);
    expect(clusterCalls.map((call) => call.args)).toEqual([['--context', 'prod-admin', 'create', '-f', '-']]);
  });

  it('o4g restore --apply for an environment naming no API server needs --context, and says how to set cluster.apiServer', () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('prod-admin').path, acceptingCluster);
    expect(workspace.environments.find((environment) => environment.name === 'prod')!.cluster.apiServer).toBeUndefined();
    expect(() => restoreProd(kubectl, undefined, workspace)).toThrow(
      `prod names no API server (cluster.apiServer in packages/environments/src/prod.ts is unset), so the current context "prod-admin" (server ${testApiServers.prod}) ` +
        "cannot be checked to be prod's cluster; nothing was sent to a cluster. Fix: give --context <name> of prod's context, or set " +
        "cluster: { apiServer: 'https://<host>:<port>' } in packages/environments/src/prod.ts",
    );
    expect(clusterCalls).toEqual([]);
    const { code, err } = restoreProd(kubectl, 'prod-admin', workspace);
    expect(code).toBe(0);
    expect(err).toContain('given by --context (prod names no API server to check it against: cluster.apiServer in packages/environments/src/prod.ts is unset)');
    expect(clusterCalls.map((call) => call.args)).toEqual([['--context', 'prod-admin', 'create', '-f', '-']]);
  });

  it('the command the errors and runbooks give to read a context\'s server prints what cluster.apiServer takes', () => {
    const file = kubeconfig('staging-admin');
    const read = spawnSync('sh', ['-c', apiServerOfContextCommand('prod-admin')], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: file.path } });
    expect(read.stderr).toBe('');
    expect(read.stdout).toBe(testApiServers.prod);
  });

  it('o4g smoke --run refuses the wrong current context before applying anything', async () => {
    const { kubectl, clusterCalls } = kubeconfigKubectl(kubeconfig('prod-admin').path, acceptingCluster);
    const { output } = capture();
    await expect(runSmoke(workspaceWithApiServers, 'staging', { run: true, sleep: async () => {} }, output, kubectl)).rejects.toThrow(
      `the current context "prod-admin" points at ${testApiServers.prod}, but staging's cluster is ${testApiServers.staging} (cluster.apiServer in packages/environments/src/staging.ts)`,
    );
    expect(clusterCalls).toEqual([]);
  });

  it('o4g smoke --run with --context of the right cluster passes it to every kubectl call, even when the current context changes mid-run', async () => {
    const file = kubeconfig('staging-admin');
    let switched = false;
    const { kubectl, clusterCalls } = kubeconfigKubectl(file.path, (args, input) => {
      // Another terminal switches the current context to prod while the checks run.
      if (!switched && spawnSync('kubectl', ['config', 'use-context', 'prod-admin'], { env: { ...process.env, KUBECONFIG: file.path } }).status === 0) switched = true;
      return acceptingCluster(args, input);
    });
    const { printed, output } = capture();
    expect(await runSmoke(workspaceWithApiServers, 'staging', { run: true, context: 'staging-admin', sleep: async () => {} }, output, kubectl)).toBe(0);
    expect(switched).toBe(true);
    expect(clusterCalls.length).toBeGreaterThan(10);
    for (const call of clusterCalls) expect(call.args.slice(0, 2)).toEqual(['--context', 'staging-admin']);
    expect(new Set(clusterCalls.map((call) => call.args[2] === '-n' ? call.args[4] : call.args[2]))).toEqual(new Set(['apply', 'create', 'get', 'logs']));
    expect(printed.err).toContain('o4g smoke: every check of staging passed');
  });
});

describe.runIf(kubectlAvailable())('the o4g bin passes the checked context to the kubectl on PATH', () => {
  beforeAll(() => {
    const bundle = spawnSync(process.execPath, ['tools/bundle.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(bundle.status, bundle.stderr).toBe(0);
  });

  /**
   * Runs `o4g` as an operator does, with KUBECONFIG on the test file and, first on PATH, a
   * kubectl stand-in that records its arguments, hands `config` calls to the real kubectl and
   * answers the others as a cluster accepting the Job would.
   */
  function o4gWithStandIn(file: TestKubeconfig, argv: readonly string[]) {
    const realKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    const record = join(file.directory, 'kubectl-calls');
    writeFileSync(record, '');
    const standIn = join(file.directory, 'kubectl');
    writeFileSync(
      standIn,
      [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >>'${record}'`,
        `if [ "$1" = config ]; then exec '${realKubectl}' "$@"; fi`,
        'cat >/dev/null',
        'echo "job.batch/mysql-restore created"',
        '',
      ].join('\n'),
    );
    chmodSync(standIn, 0o755);
    const result = spawnSync(`${repositoryRoot}/node_modules/.bin/o4g`, [...argv], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: file.path, PATH: `${file.directory}:${process.env.PATH}` },
    });
    return { ...result, calls: readFileSync(record, 'utf8').split('\n').filter(Boolean) };
  }

  it('o4g restore --apply without --context, prod naming no API server: refused, only the kubeconfig read', () => {
    const result = o4gWithStandIn(kubeconfig('prod-admin'), ['restore', 'mysql', 'prod', '--from', 'latest', '--apply']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('o4g restore: prod names no API server (cluster.apiServer in packages/environments/src/prod.ts is unset)');
    expect(result.calls).toEqual(['config view --minify -o json']);
  });

  it('o4g restore --apply --context <name>: the create carries --context', () => {
    const result = o4gWithStandIn(kubeconfig('staging-admin'), ['restore', 'mysql', 'prod', '--from', 'latest', '--apply', '--context', 'prod-admin']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.calls).toEqual(['config view --minify -o json --context prod-admin', '--context prod-admin create -f -']);
  });

  it('--context without --apply or --run is refused: nothing would reach a cluster', () => {
    const file = kubeconfig('prod-admin');
    const restore = o4gWithStandIn(file, ['restore', 'mysql', 'prod', '--from', 'latest', '--context', 'prod-admin']);
    expect(restore.status).toBe(2);
    expect(restore.stderr).toContain('restore --context chooses the cluster of --apply; without --apply nothing reaches a cluster');
    const smoke = o4gWithStandIn(file, ['smoke', 'prod', '--context', 'prod-admin']);
    expect(smoke.status).toBe(2);
    expect(smoke.stderr).toContain('smoke --context chooses the cluster of --run; without --run nothing reaches a cluster');
    expect([...restore.calls, ...smoke.calls]).toEqual([]);
  });
});
