import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { sharedDataAvailable, sharedDirectory } from '../reference-data.ts';

/** The root of this repository (packages/kit/src/testing → ../../../..). */
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');

/**
 * The upstream reference files (chart defaults, chart packages, CRDs): `<shared>/reference`, the
 * shared directory being `O4G_SHARED_DIR` (default `../shared`; see ../reference-data.ts for the
 * setting and where each kind comes from online). Never copied into the repository.
 */
export function sharedReferenceDirectory(): string {
  return join(sharedDirectory(), 'reference');
}

/**
 * Whether a reference file can be read. Suites that check against it skip with a message saying
 * where to get it when it is missing; under CI=true a missing file is a failure.
 */
export function referenceAvailable(relativePath: string): boolean {
  return sharedDataAvailable(`reference/${relativePath}`, 'the checks against it');
}

function referencePath(relativePath: string): string {
  const path = join(sharedReferenceDirectory(), relativePath);
  if (!existsSync(path)) throw new Error(`reference file ${path} not found (guard the suite with referenceAvailable('${relativePath}'))`);
  return path;
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
  return existsSync(join(sharedReferenceDirectory(), relativePath));
}

/** A text reference file (e.g. `charts/nginx-ingress/CONFIGMAP-KEYS.md`). */
export function readReferenceText(relativePath: string): string {
  return readFileSync(referencePath(relativePath), 'utf8');
}

/** The path of a reference file, e.g. a chart package `helm-charts/longhorn-1.12.1.tgz` to hand to `helm template`. */
export function referenceFile(relativePath: string): string {
  return referencePath(relativePath);
}
