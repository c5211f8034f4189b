import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The root of this repository (packages/kit/src/testing → ../../../..). */
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/**
 * The upstream reference data (chart defaults, CRDs) lives outside the repository, in a
 * `shared/reference` directory beside the clone (CI lays `../shared` next to it; a worktree may sit
 * deeper). It is never copied into the repository: tests read it where it is.
 */
export function sharedReferenceDirectory(): string | undefined {
  let directory = dirname(repositoryRoot);
  for (;;) {
    const candidate = join(directory, 'shared', 'reference');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/**
 * Whether a reference file can be read. Suites that check against it skip with a message when it
 * is missing; under CI=true a missing file is a failure, because CI always has ../shared.
 */
export function referenceAvailable(relativePath: string): boolean {
  const directory = sharedReferenceDirectory();
  const available = directory !== undefined && existsSync(join(directory, relativePath));
  if (!available && process.env.CI === 'true') {
    throw new Error(`reference file shared/reference/${relativePath} is required under CI=true (CI lays a copy of shared/ beside the clone, at ../shared)`);
  }
  if (!available) console.warn(`shared/reference/${relativePath} not found beside the repository: skipping the checks against it (they run in CI)`);
  return available;
}

function referencePath(relativePath: string): string {
  const directory = sharedReferenceDirectory();
  if (!directory || !existsSync(join(directory, relativePath))) throw new Error(`reference file shared/reference/${relativePath} not found`);
  return join(directory, relativePath);
}

/** A YAML reference file (e.g. `charts/longhorn/values.yaml`), parsed. */
export function readReferenceYaml(relativePath: string): unknown {
  return parse(readFileSync(referencePath(relativePath), 'utf8'));
}

/** A JSON reference file (e.g. `charts/cert-manager/values.schema.json`), parsed. */
export function readReferenceJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(referencePath(relativePath), 'utf8'));
}

/** Whether a reference file exists, without the CI rule (for optional files such as a values schema). */
export function referenceExists(relativePath: string): boolean {
  const directory = sharedReferenceDirectory();
  return directory !== undefined && existsSync(join(directory, relativePath));
}

/** A text reference file (e.g. `charts/nginx-ingress/CONFIGMAP-KEYS.md`). */
export function readReferenceText(relativePath: string): string {
  return readFileSync(referencePath(relativePath), 'utf8');
}
