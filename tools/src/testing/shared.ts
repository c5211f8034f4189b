import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from './repository.ts';

/**
 * The shared reference data beside the repository (`../shared`), never copied into it.
 * `O4G_SHARED_DIR` points elsewhere when the checkout does not sit beside it (a git worktree).
 */
export const sharedDirectory = process.env.O4G_SHARED_DIR ?? join(repositoryRoot, '..', 'shared');

/**
 * Whether `../shared/<relative>` exists. Suites that need it skip with a message when it is
 * missing; under CI=true, where `.ci/run` has it beside the clone, a missing directory fails.
 */
export function sharedDataAvailable(relative: string, purpose: string): boolean {
  const path = join(sharedDirectory, relative);
  const available = existsSync(path);
  if (!available && process.env.CI === 'true') {
    throw new Error(`${path} is required under CI=true: ${purpose} cannot run without it`);
  }
  if (!available) console.warn(`${path} not found: skipping ${purpose} (set O4G_SHARED_DIR, or run beside ../shared as CI does)`);
  return available;
}
