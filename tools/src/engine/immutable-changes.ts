import { type Environment, parseByteQuantity } from '@open4goods/environments';
import { fluxForceAnnotation, neverPrunedByFlux } from '@open4goods/kit';
import { isDeepStrictEqual } from 'node:util';
import { type ImmutableFieldChange, immutableFieldRuleOf } from './immutable-fields.ts';
import { type PlainObject, keyString } from './plain-object.ts';

/** Where each migration is written (docs/runbooks/immutable-changes.md, held by its test). */
export const immutableChangesRunbook = 'docs/runbooks/immutable-changes.md';
export const migrations = {
  shrinkVolume: `${immutableChangesRunbook}#shrink-a-volume`,
  // Refused rather than written under a new class name: a new name would have to reach every claim
  // template and chart value naming the class (immutable too) and leave two default classes; a
  // class is only read when a volume is provisioned or expanded, so once the operator has set the
  // replica count on the existing Longhorn volumes, recreating it under its name (--replace) is safe.
  storageClass: `${immutableChangesRunbook}#change-storageclass-parameters`,
  statefulSet: `${immutableChangesRunbook}#change-a-statefulset-field`,
  claim: `${immutableChangesRunbook}#change-a-claim-field`,
  recreate: `${immutableChangesRunbook}#recreate-an-object`,
} as const;

/**
 * kustomize-controller deletes and recreates an object with this annotation when the API server
 * refuses an apply for an immutable field: a component sets it where that is the design (the
 * smoke Jobs, run again when what they check changes), the build on an object the operator
 * replaces with `o4g build --replace`. Never honoured on what holds data.
 */
const [forceAnnotation, forceEnabled] = Object.entries(fluxForceAnnotation)[0]!;
const holdsData = (object: PlainObject): boolean => object.kind === 'PersistentVolumeClaim' || object.kind === 'StatefulSet';
const recreatedByFlux = (object: PlainObject): boolean => !holdsData(object) && annotationsOf(object)[forceAnnotation] === forceEnabled;

/** How `--replace Kind/name` names an object. */
export const replacementName = (object: PlainObject): string => `${object.kind}/${object.metadata.name}`;

export interface ImmutableChangeInput {
  readonly environment: Environment;
  /** The component rendering the objects: its settings are searched first for the one that changed. */
  readonly component: string;
  /** The repository directory the unit's objects are written to, for the messages. */
  readonly where: string;
  /** What the previous build wrote for the unit (committed-objects.ts); undefined on the first build. */
  readonly committed: readonly PlainObject[] | undefined;
  readonly desired: readonly PlainObject[];
  /** Objects (`Kind/name`) the operator replaces after their migration (`o4g build --replace`). */
  readonly replacements: readonly string[];
}

export interface ImmutableChangeResult {
  /** What to write: the desired objects, with the safe path taken. */
  readonly objects: PlainObject[];
  /** One message per object the API server would refuse, naming the setting, the field and the migration. */
  readonly refusals: string[];
}

/**
 * Compares each object about to be written with the committed one of the same identity. A change
 * the API server accepts passes as it is; a grown StatefulSet volume takes the safe path (the
 * template stays as committed, each existing claim is grown: Longhorn's classes set
 * allowVolumeExpansion); any other change to an immutable field is refused, unless the operator
 * replaces the object after its migration.
 */
export function applyImmutableFieldRules(input: ImmutableChangeInput): ImmutableChangeResult {
  if (!input.committed) return { objects: [...input.desired], refusals: [] };
  const committedByKey = new Map(input.committed.map((object) => [keyString(object), object]));
  const objects: PlainObject[] = [];
  const refusals: string[] = [];
  // A claim is never recreated by the build: replacing one means the operator moved its data to a new volume.
  const replaced = (object: PlainObject) => input.replacements.includes(replacementName(object));
  const refuse = (object: PlainObject, changes: readonly ImmutableFieldChange[], migration: string) =>
    refusals.push(...changes.map((change) => refusal(input, object, change, migration)));

  for (const desired of input.desired) {
    const committed = committedByKey.get(keyString(desired));
    const rule = immutableFieldRuleOf(desired);
    if (!committed || !rule || recreatedByFlux(desired)) {
      objects.push(desired);
      continue;
    }
    const kept = keepForceAnnotation(committed, desired);
    const changes = rule.refusedChanges(committed, kept);
    if (changes.length === 0) {
      objects.push(kept);
      continue;
    }
    if (desired.kind === 'StatefulSet') {
      const growth = volumeGrowth(committed, kept, changes);
      if (growth) {
        objects.push(growth.statefulSet);
        for (const claim of growth.claims) {
          const committedClaim = committedByKey.get(keyString(claim));
          const shrunk = committedClaim ? immutableFieldRuleOf(claim)!.refusedChanges(committedClaim, claim) : [];
          if (shrunk.length > 0 && !replaced(claim)) refuse(claim, shrunk, migrations.shrinkVolume);
          objects.push(claim);
        }
        continue;
      }
    }
    if (replaced(desired)) {
      // What holds data is deleted by the operator, following the migration (Flux's delete would take its pods or its volume).
      objects.push(holdsData(desired) ? kept : withAnnotation(kept, forceAnnotation, forceEnabled));
      continue;
    }
    refuse(desired, changes, migrationOf(desired, changes));
    objects.push(desired);
  }
  // A claim the safe path grew stays in the tree as long as its template is smaller, so dropping
  // it means the volume would have to shrink.
  for (const committed of input.committed) {
    if (committed.kind !== 'PersistentVolumeClaim' || replaced(committed) || objects.some((object) => keyString(object) === keyString(committed))) continue;
    const grownFrom = grownClaimTemplate(committed, objects);
    if (grownFrom) refuse(committed, [{ path: 'spec.resources.requests.storage', from: storageOf(committed), to: grownFrom }], migrations.shrinkVolume);
  }
  return { objects, refusals };
}

interface VolumeGrowth {
  readonly statefulSet: PlainObject;
  readonly claims: PlainObject[];
}

const storagePath = /^spec\.volumeClaimTemplates\[([0-9]+)\]\.spec\.resources\.requests\.storage$/;

/**
 * When the only refused changes are requested storage of volume claim templates, the safe path:
 * the StatefulSet keeps its committed templates and each claim the controller created from them
 * (`<template>-<statefulset>-<ordinal>`) is written with the new size. Flux applies the claim
 * server-side, so only the requested storage changes on the live claim; on a new cluster it
 * creates the claim the StatefulSet then adopts. Undefined when anything else changed too.
 */
function volumeGrowth(committed: PlainObject, desired: PlainObject, changes: readonly ImmutableFieldChange[]): VolumeGrowth | undefined {
  if (!changes.every((change) => storagePath.test(change.path) && grows(change))) return undefined;
  const committedSpec = committed.spec as StatefulSetSpec;
  const desiredSpec = desired.spec as StatefulSetSpec;
  const statefulSet = { ...desired, spec: { ...desiredSpec, volumeClaimTemplates: committedSpec.volumeClaimTemplates } };
  const start = desiredSpec.ordinals?.start ?? 0;
  const ordinals = Array.from({ length: desiredSpec.replicas ?? 1 }, (_, index) => start + index);
  const claims = desiredSpec.volumeClaimTemplates.flatMap((template, index) => {
    const committedTemplate = committedSpec.volumeClaimTemplates[index]!;
    if (isDeepStrictEqual(committedTemplate, template)) return [];
    return ordinals.map((ordinal) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: `${committedTemplate.metadata.name}-${desired.metadata.name}-${ordinal}`,
        namespace: desired.metadata.namespace!,
        ...(committedTemplate.metadata.labels ? { labels: committedTemplate.metadata.labels } : {}),
        annotations: { ...neverPrunedByFlux },
      },
      spec: { ...committedTemplate.spec, resources: { ...committedTemplate.spec.resources, requests: { ...committedTemplate.spec.resources?.requests, storage: template.spec.resources!.requests!.storage } } },
    }));
  });
  return { statefulSet, claims };
}

function grows(change: ImmutableFieldChange): boolean {
  const [from, to] = [parseByteQuantity(String(change.from)), parseByteQuantity(String(change.to))];
  return from !== undefined && to !== undefined && to > from;
}

/** The requested storage of the StatefulSet template a committed grown claim was written for, if it is now smaller. */
function grownClaimTemplate(claim: PlainObject, objects: readonly PlainObject[]): string | undefined {
  for (const object of objects) {
    if (object.kind !== 'StatefulSet' || object.metadata.namespace !== claim.metadata.namespace) continue;
    for (const template of (object.spec as StatefulSetSpec).volumeClaimTemplates ?? []) {
      if (!claim.metadata.name.startsWith(`${template.metadata.name}-${object.metadata.name}-`)) continue;
      const size = template.spec.resources?.requests?.storage;
      const [templateBytes, claimBytes] = [parseByteQuantity(size ?? ''), parseByteQuantity(storageOf(claim) ?? '')];
      if (size && templateBytes !== undefined && claimBytes !== undefined && templateBytes < claimBytes) return size;
    }
  }
  return undefined;
}

function migrationOf(object: PlainObject, changes: readonly ImmutableFieldChange[]): string {
  if (object.kind === 'StorageClass') return migrations.storageClass;
  const storageOnly = changes.every((change) => change.path === 'spec.resources.requests.storage' || storagePath.test(change.path));
  if (object.kind === 'StatefulSet') return storageOnly ? migrations.shrinkVolume : migrations.statefulSet;
  if (object.kind === 'PersistentVolumeClaim') return storageOnly ? migrations.shrinkVolume : migrations.claim;
  return migrations.recreate;
}

/**
 * `packages/environments/src/prod.ts (mysql.storageSize: 20Gi -> 40Gi): ...`. The setting is the
 * one whose value is the field's new value (preferring the component's own settings); when no
 * single setting has it, the message names the field alone.
 */
function refusal(input: ImmutableChangeInput, object: PlainObject, change: ImmutableFieldChange, migration: string): string {
  const setting = settingRendering(input.environment, change.to, input.component);
  const field = `${change.path}: ${show(change.from)} -> ${show(change.to)}`;
  const source = setting ? `${setting}: ${show(change.from)} -> ${show(change.to)}` : `a setting rendering ${field}`;
  const action = migration === migrations.shrinkVolume ? 'a volume can only grow' : 'the API server refuses to change it, on every sync';
  const replace = migration === migrations.shrinkVolume ? '' : `, then \`o4g build --replace ${replacementName(object)}\``;
  return `${input.environment.sourceFile} (${source}): ${object.kind} ${nameOf(object)} in ${input.where}, ${field}: ${action}; follow ${migration}${replace}`;
}

function settingRendering(environment: Environment, value: unknown, component: string): string | undefined {
  if (value === undefined || (typeof value === 'object' && value !== null)) return undefined;
  const matches = leaves(environment).filter(([, leaf]) => String(leaf) === String(value)).map(([path]) => path);
  const own = matches.filter((path) => path.startsWith(`${component}.`));
  return own.length === 1 ? own[0] : matches.length === 1 ? matches[0] : undefined;
}

function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return prefix ? [[prefix, value]] : [];
  return Object.entries(value).flatMap(([key, child]) => (['name', 'sourceFile', 'appNamespace', 'decisions'].includes(key) && !prefix ? [] : leaves(child, prefix ? `${prefix}.${key}` : key)));
}

/** The force annotation a `--replace` build wrote stays, so the tree `o4g check` compares is stable. */
function keepForceAnnotation(committed: PlainObject, desired: PlainObject): PlainObject {
  const value = annotationsOf(committed)[forceAnnotation];
  return value ? withAnnotation(desired, forceAnnotation, value) : desired;
}

function withAnnotation(object: PlainObject, name: string, value: string): PlainObject {
  return { ...object, metadata: { ...object.metadata, annotations: { ...annotationsOf(object), [name]: value } } };
}

const annotationsOf = (object: PlainObject): Record<string, string> => (object.metadata.annotations ?? {}) as Record<string, string>;
const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'unset');
const storageOf = (claim: PlainObject): string | undefined => (claim.spec as ClaimTemplate['spec'] | undefined)?.resources?.requests?.storage;
const nameOf = (object: PlainObject): string => (object.metadata.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : object.metadata.name);

interface ClaimTemplate {
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec: { readonly resources?: { readonly requests?: { readonly storage?: string } }; readonly [key: string]: unknown };
}

interface StatefulSetSpec {
  readonly replicas?: number;
  readonly ordinals?: { readonly start?: number };
  readonly volumeClaimTemplates: readonly ClaimTemplate[];
}
