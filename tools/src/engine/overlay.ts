import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { isDeepStrictEqual } from 'node:util';
import { type ObjectKey, type PlainObject, formatKey, keyOf } from './plain-object.ts';

const { applyPatch, compare, deepClone } = fastJsonPatch;

/** A JSON6902 patch on one base object, addressed by the base object's key. */
export interface ObjectPatch {
  readonly target: ObjectKey;
  readonly operations: readonly Operation[];
}

/** What turns a base into an environment: patches, deletions and objects only the environment has. */
export interface Overlay {
  readonly patches: readonly ObjectPatch[];
  readonly deletions: readonly ObjectKey[];
  readonly additions: readonly PlainObject[];
}

/**
 * How a base object's identity reads in the environment. The base is rendered for the
 * `defaults` environment, so its app namespace (and the Namespace object's own name) must be
 * translated before base and environment objects can be paired.
 */
export type IdentityTranslation = (key: ObjectKey) => ObjectKey;

export function namespaceTranslation(baseNamespace: string, environmentNamespace: string): IdentityTranslation {
  const rename = (value: string | undefined): string | undefined => (value === baseNamespace ? environmentNamespace : value);
  return (key) => ({
    ...key,
    ...(key.namespace ? { namespace: rename(key.namespace)! } : {}),
    ...(key.kind === 'Namespace' && key.group === '' ? { name: rename(key.name)! } : {}),
  });
}

const identity: IdentityTranslation = (key) => key;

/** Computes the overlay that turns `base` into `target` (fast-json-patch `compare` per object). */
export function computeOverlay(base: readonly PlainObject[], target: readonly PlainObject[], translate: IdentityTranslation = identity): Overlay {
  const baseByTranslatedKey = new Map(base.map((object) => [formatKey(translate(keyOf(object))), object]));
  const patches: ObjectPatch[] = [];
  const additions: PlainObject[] = [];
  const matched = new Set<PlainObject>();
  for (const object of target) {
    const baseObject = baseByTranslatedKey.get(formatKey(keyOf(object)));
    if (!baseObject) {
      additions.push(object);
      continue;
    }
    matched.add(baseObject);
    const operations = compare(baseObject, object);
    if (operations.length > 0) patches.push({ target: keyOf(baseObject), operations });
  }
  const deletions = base.filter((object) => !matched.has(object)).map(keyOf);
  return { patches, deletions, additions };
}

/** Applies an overlay the way kustomize does: delete, patch, then add. */
export function applyOverlay(base: readonly PlainObject[], overlay: Overlay): PlainObject[] {
  const deleted = new Set(overlay.deletions.map(formatKey));
  const patchesByKey = new Map(overlay.patches.map((patch) => [formatKey(patch.target), patch]));
  const patched = base
    .filter((object) => !deleted.has(formatKey(keyOf(object))))
    .map((object) => {
      const patch = patchesByKey.get(formatKey(keyOf(object)));
      const copy = deepClone(object) as PlainObject;
      return patch ? (applyPatch(copy, deepClone(patch.operations) as Operation[], true, true).newDocument as PlainObject) : copy;
    });
  return [...patched, ...overlay.additions.map((object) => deepClone(object) as PlainObject)];
}

/** Differences between two object sets, order-insensitive; empty when they are equal. */
export function differencesBetween(actual: readonly PlainObject[], expected: readonly PlainObject[]): string[] {
  const actualByKey = new Map(actual.map((object) => [formatKey(keyOf(object)), object]));
  const expectedByKey = new Map(expected.map((object) => [formatKey(keyOf(object)), object]));
  const differences: string[] = [];
  for (const [key, object] of expectedByKey) {
    const other = actualByKey.get(key);
    if (!other) differences.push(`missing ${key}`);
    else if (!isDeepStrictEqual(other, object)) differences.push(`different ${key}: ${JSON.stringify(compare(object, other))}`);
  }
  for (const key of actualByKey.keys()) if (!expectedByKey.has(key)) differences.push(`unexpected ${key}`);
  if (actual.length !== actualByKey.size) differences.push('duplicate objects in the result');
  return differences;
}
