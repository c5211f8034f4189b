import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kubectl } from '../commands/kubectl.ts';

/** The API servers of the two clusters of the test kubeconfig (documentation addresses, RFC 5737). */
export const testApiServers = { prod: 'https://203.0.113.10:6443', staging: 'https://198.51.100.7:6443' } as const;

export interface TestKubeconfig {
  /** The kubeconfig file (what KUBECONFIG points at). */
  readonly path: string;
  /** The directory holding it, for stand-ins and records of the same test. */
  readonly directory: string;
  readonly remove: () => void;
}

/**
 * A kubeconfig with two contexts, `prod-admin` and `staging-admin`, each on its own cluster of
 * `testApiServers`, `current` being the current one: what an operator of both clusters has.
 */
export function temporaryKubeconfig(current: 'prod-admin' | 'staging-admin'): TestKubeconfig {
  const directory = mkdtempSync(join(tmpdir(), 'o4g-kubeconfig-'));
  const path = join(directory, 'config');
  const entries = Object.entries(testApiServers);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      ...entries.flatMap(([name, server]) => [`- name: ${name}`, '  cluster:', `    server: ${server}`]),
      'users:',
      '- name: operator',
      '  user:',
      '    token: not-a-real-token',
      'contexts:',
      ...entries.flatMap(([name]) => [`- name: ${name}-admin`, '  context:', `    cluster: ${name}`, '    user: operator']),
      `current-context: ${current}`,
      '',
    ].join('\n'),
  );
  return { path, directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

type KubectlAnswer = ReturnType<Kubectl>;

/**
 * A Kubectl whose `kubectl config …` calls run the real kubectl on `kubeconfig` (no cluster is
 * reached), and whose other calls, the ones that would reach a cluster, are recorded and answered
 * by `answer`.
 */
export function kubeconfigKubectl(kubeconfig: string, answer: (args: readonly string[], input: string) => KubectlAnswer) {
  const clusterCalls: { readonly args: readonly string[]; readonly input: string }[] = [];
  const kubectl: Kubectl = (args, input) => {
    if (args[0] === 'config') {
      const result = spawnSync('kubectl', [...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig } });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }
    clusterCalls.push({ args, input });
    return answer(args, input);
  };
  return { kubectl, clusterCalls };
}

/**
 * For tests of what a command does once its context is chosen: `kubectl config view` answers
 * with the context `name` on `server` (kubeconfigKubectl reads real files), and every other call
 * must carry `--context name`, which is removed before `answer` sees it.
 */
export function kubectlPinnedTo(name: string, server: string, answer: Kubectl): Kubectl {
  return (args, input) => {
    if (args[0] === 'config') return { status: 0, stdout: JSON.stringify({ 'current-context': name, clusters: [{ name, cluster: { server } }] }), stderr: '' };
    if (args[0] !== '--context' || args[1] !== name) throw new Error(`kubectl ${args.join(' ')} is not pinned to the context ${name}`);
    return answer(args.slice(2), input);
  };
}
