import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../testing/repository.ts';

/**
 * kwok's own Stages (what happens to a fake node and its pods), from the kwok module that
 * toolchain/kwok pins: the node becomes Ready and keeps a lease, a pod becomes Running and Ready,
 * a Job's pod completes, a deleted pod goes. kwok alone has no default stages (kwokctl writes them),
 * so the harness reads them from the module where Go downloaded it, never from a copy.
 */
const stageFiles = ['node/fast/node-initialize.yaml', 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml', 'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml'];

function kwokModuleDirectory(): string {
  const module = join(repositoryRoot, 'toolchain', 'kwok');
  // The module cache toolchain/install uses; offline: the module is there once kwok is built.
  const env = { ...process.env, GOMODCACHE: process.env.GOMODCACHE_O4G ?? join(homedir(), '.cache', 'go', 'mod'), GOFLAGS: '-mod=mod', GOPROXY: 'off' };
  const result = spawnSync('go', ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], { cwd: module, env, encoding: 'utf8' });
  const directory = result.stdout.trim();
  if (result.status !== 0 || !directory || !existsSync(directory)) {
    throw new Error(`kwok's module (toolchain/kwok/go.mod) is not in the Go module cache: run toolchain/install kwok (${(result.stderr || result.error?.message || '').trim()})`);
  }
  return directory;
}

/** Writes kwok's configuration (its Stages, one YAML document each) to `path`. */
export function writeKwokStages(path: string): string {
  const stages = join(kwokModuleDirectory(), 'kustomize', 'stage');
  writeFileSync(path, stageFiles.map((file) => readFileSync(join(stages, file), 'utf8').trim()).join('\n---\n') + '\n');
  return path;
}
