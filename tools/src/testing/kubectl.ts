import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { PlainObject } from '../engine/plain-object.ts';

/**
 * Whether kubectl (with its embedded kustomize) can run here. Suites that need it skip with a
 * message when it is missing; under CI=true a missing kubectl is a failure, not a skip.
 */
export function kubectlAvailable(): boolean {
  const available = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  if (!available && process.env.CI === 'true') {
    throw new Error('kubectl is required under CI=true (install it in .ci/run): the kustomize round-trip tests cannot run');
  }
  if (!available) console.warn('kubectl not found: skipping the kustomize round-trip tests (they run in CI)');
  return available;
}

/** `kubectl kustomize <directory>` parsed into objects. */
export function kustomizeBuild(directory: string, options: { loadRestrictionsNone?: boolean } = {}): PlainObject[] {
  const args = ['kustomize', ...(options.loadRestrictionsNone ? ['--load-restrictor', 'LoadRestrictionsNone'] : []), directory];
  const result = spawnSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJSON() as PlainObject).filter(Boolean);
}
