import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (packages/kit/src → ../../..). */
const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The shared reference data beside the repository (`../shared`: upstream chart values, Pod
 * Security fixtures), read by tests and never copied in. `O4G_SHARED_DIR` points elsewhere when
 * the checkout does not sit beside it (a git worktree).
 */
export function sharedDirectory(): string {
  return process.env.O4G_SHARED_DIR ?? join(repositoryRoot, '..', 'shared');
}

/**
 * Whether `<shared>/<relative>` exists. Tests that need it skip with a message when it is missing;
 * under CI=true, where `.ci/run` has it beside the clone, a missing file fails the run.
 */
export function sharedDataAvailable(relative: string, purpose: string): boolean {
  const path = join(sharedDirectory(), relative);
  const available = existsSync(path);
  if (!available && process.env.CI === 'true') throw new Error(`${path} is required under CI=true: ${purpose} cannot run without it`);
  if (!available) console.warn(`${path} not found: skipping ${purpose} (set O4G_SHARED_DIR, or run beside ../shared as CI does)`);
  return available;
}

/**
 * Keys of `values` that the chart's default values do not have: a typo there is silently ignored
 * by Helm. Maps the chart leaves open (`{}` or null by default, e.g. podLabels) accept any key.
 */
export function unknownChartValueKeys(values: unknown, defaults: unknown, path = ''): string[] {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return [];
  if (defaults === null || defaults === undefined) return [];
  if (typeof defaults !== 'object' || Array.isArray(defaults)) return [path];
  if (Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const child = path ? `${path}.${key}` : key;
    return key in defaults ? unknownChartValueKeys(value, (defaults as Record<string, unknown>)[key], child) : [child];
  });
}
