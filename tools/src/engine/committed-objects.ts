import type { Operation } from 'fast-json-patch';
import { posix } from 'node:path';
import { parse } from 'yaml';
import { overlayDirectory } from './layout.ts';
import { type ObjectPatch, applyOverlay } from './overlay.ts';
import { type ObjectKey, type PlainObject, keyOf } from './plain-object.ts';
import type { RepositoryReader } from './secret-sources.ts';
import { isGeneratedContent } from './serialize.ts';
import type { UnitNode } from './unit-graph.ts';

/**
 * What the API server holds for a unit of an environment, as far as git knows: the objects the
 * previous build wrote, read back from the files on disk (the base the overlay points to, its
 * patches and its own objects) and assembled the way kustomize assembles them.
 *
 * The files on disk, not `git show HEAD:`: they are what `o4g check` compares and what the next
 * commit ships, a build works without git (an exported tarball, a CI checkout of a merge), and
 * the safe paths (immutable-changes.ts) are stable, so reading the tree a previous build left
 * uncommitted gives the same answer as reading it once committed. Only generated files are read:
 * SOPS files hold Secrets whose data nothing here compares.
 *
 * Undefined when the environment has no overlay of the unit yet (its first build).
 */
export function readCommittedObjects(read: RepositoryReader, environmentName: string, node: UnitNode): PlainObject[] | undefined {
  const directory = overlayDirectory(environmentName, node);
  const kustomization = readKustomization(read, directory);
  if (!kustomization) return undefined;
  const objects: PlainObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = posix.normalize(posix.join(directory, resource));
    const base = readKustomization(read, path);
    if (base) {
      for (const file of base.resources ?? []) objects.push(...readObjects(read, posix.join(path, file)));
    } else objects.push(...readObjects(read, path));
  }
  const deletions: ObjectKey[] = [];
  const patches: ObjectPatch[] = [];
  for (const entry of kustomization.patches ?? []) {
    const body = parse(entry.patch) as unknown;
    if (!entry.target) deletions.push(keyOf(body as PlainObject));
    else {
      const { group, version, kind, name, namespace } = entry.target;
      patches.push({ target: { group: group ?? '', version, kind, name, ...(namespace ? { namespace } : {}) }, operations: body as Operation[] });
    }
  }
  // Objects of the overlay's own files come after the base's, as kustomize lists them; applyOverlay
  // patches and deletes by key, so the overlay's additions are left as they are.
  return applyOverlay(objects, { patches, deletions, additions: [] });
}

interface KustomizationFile {
  readonly resources?: readonly string[];
  readonly patches?: readonly { readonly patch: string; readonly target?: Omit<ObjectKey, 'group'> & { readonly group?: string } }[];
}

function readKustomization(read: RepositoryReader, directory: string): KustomizationFile | undefined {
  const content = read(`${directory}/kustomization.yaml`);
  return content && isGeneratedContent(content) ? (parse(content) as KustomizationFile) : undefined;
}

function readObjects(read: RepositoryReader, path: string): PlainObject[] {
  const content = read(path);
  return content && isGeneratedContent(content) ? [parse(content) as PlainObject] : [];
}
