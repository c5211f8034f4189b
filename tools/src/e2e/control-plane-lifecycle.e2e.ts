import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../testing/repository.ts';
import { controlPlaneAvailable } from './binaries.ts';
import { type ControlPlane, startControlPlane } from './control-plane.ts';
import { kubectlItems, kubectlOk } from './kubectl.ts';

const available = controlPlaneAvailable();

/** The Kubernetes release toolchain/kubernetes/go.mod pins. */
const pinnedKubernetes = /k8s\.io\/kubernetes (v\S+)/.exec(readFileSync(join(repositoryRoot, 'toolchain', 'kubernetes', 'go.mod'), 'utf8'))![1];

/** Whether a process runs (a zombie, ended but not yet reaped by its parent, does not). */
const processAlive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) if (condition()) return true;
  return condition();
}

/** Starts control-plane-process.ts and resolves once it has printed its directory. */
function startChild(): Promise<{ child: ChildProcess; directory: string; pids: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', join(repositoryRoot, 'tools', 'src', 'e2e', 'control-plane-process.ts')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
      if (!line) return;
      const { directory } = JSON.parse(line) as { directory: string };
      const pids = readFileSync(join(directory, 'pids'), 'utf8').trim().split('\n').map(Number);
      resolve({ child, directory, pids });
    });
    child.on('exit', (code) => reject(new Error(`the control-plane process exited (${code}) before it was ready:\n${stderr}`)));
  });
}

describe.skipIf(!available)('control plane', () => {
  let plane: ControlPlane;
  beforeAll(async () => {
    plane = await startControlPlane();
  });
  afterAll(async () => {
    await plane?.stop();
  });

  it(`runs the pinned Kubernetes release, schedules a Deployment's pod on the kwok node and leaves nothing when stopped`, async () => {
    console.log(`kube-apiserver ${plane.versions.kubeApiServer}, etcd ${plane.versions.etcd}, kwok ${plane.versions.kwok}`);
    expect(plane.versions.kubeApiServer).toBe(pinnedKubernetes);
    const nodes = await kubectlItems<{ metadata: { name: string } }>(plane.kubeconfig, ['nodes']);
    expect(nodes.map((node) => node.metadata.name)).toEqual([plane.nodeName]);
    // A Deployment whose pod meets restricted: the controller-manager creates it, the scheduler
    // binds it to the node, kwok makes it Ready.
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'probe', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'probe' } },
        template: {
          metadata: { labels: { app: 'probe' } },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{ name: 'probe', image: 'example.invalid/probe:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
          },
        },
      },
    };
    await kubectlOk(plane.kubeconfig, ['apply', '-f', '-'], JSON.stringify(deployment));
    await kubectlOk(plane.kubeconfig, ['rollout', 'status', 'deployment/probe', '-n', 'default', '--timeout=120s']);
    const pods = await kubectlItems<{ spec: { nodeName?: string } }>(plane.kubeconfig, ['pods', '-n', 'default', '-l', 'app=probe']);
    expect(pods.map((pod) => pod.spec.nodeName)).toEqual([plane.nodeName]);

    const pids = readFileSync(join(plane.directory, 'pids'), 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(5);
    await plane.stop();
    expect(existsSync(plane.directory)).toBe(false);
    expect(pids.filter(processAlive)).toEqual([]);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
    it(`leaves no process and no temp directory when its process gets ${signal}`, async () => {
      const { child, directory, pids } = await startChild();
      expect(pids.every(processAlive)).toBe(true);
      child.kill(signal);
      // SIGKILL: no handler runs; the watchdog notices within a second and ends the rest.
      expect(await eventually(() => !existsSync(directory) && pids.every((pid) => !processAlive(pid)), 15_000)).toBe(true);
    });
  }
});
