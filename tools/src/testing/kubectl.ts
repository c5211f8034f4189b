import { externalToolAvailable } from '@open4goods/kit/testing';
import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { PlainObject } from '../engine/plain-object.ts';

/**
 * Whether kubectl (with its embedded kustomize) can run here: suites that need it skip when it is
 * missing, and fail under CI=true (see externalToolAvailable).
 */
export function kubectlAvailable(): boolean {
  return externalToolAvailable('kubectl', ['version', '--client'], 'the kustomize round-trip tests');
}

/** `kubectl kustomize <directory>` parsed into objects. */
export function kustomizeBuild(directory: string, options: { loadRestrictionsNone?: boolean } = {}): PlainObject[] {
  const args = ['kustomize', ...(options.loadRestrictionsNone ? ['--load-restrictor', 'LoadRestrictionsNone'] : []), directory];
  const result = spawnSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => document.toJSON() as PlainObject).filter(Boolean);
}
