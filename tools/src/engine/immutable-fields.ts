import { parseByteQuantity } from '@open4goods/environments';
import fastJsonPatch from 'fast-json-patch';
import type { PlainObject } from './plain-object.ts';

const { compare } = fastJsonPatch;

/** One field of an object that the API server would refuse to change. */
export interface ImmutableFieldChange {
  /** Dotted path in the object (`spec.volumeClaimTemplates[0].spec.resources.requests.storage`). */
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface ImmutableFieldRule {
  readonly group: string;
  readonly kind: string;
  /** The changes from `committed` to `desired` the API server refuses, on every apply. */
  readonly refusedChanges: (committed: PlainObject, desired: PlainObject) => ImmutableFieldChange[];
}

/**
 * The fields the API server keeps as they were created, from its update validation
 * (kubernetes/kubernetes pkg/apis/{apps,batch,core,rbac,storage}/validation). An object of these
 * kinds whose rendered value of such a field differs from the committed one would be refused by
 * every Flux apply; immutable-changes.ts turns each into a safe path or a refusal.
 */
export const immutableFieldRules: readonly ImmutableFieldRule[] = [
  {
    // ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas',
    // 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',
    // 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" (so the
    // selector, serviceName, podManagementPolicy and volumeClaimTemplates stay as created).
    group: 'apps',
    kind: 'StatefulSet',
    refusedChanges: specExcept(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']),
  },
  // ValidateDeploymentUpdate, ValidateDaemonSetUpdate, ValidateReplicaSetUpdate: apps/v1 selectors
  // are immutable ("field is immutable"): the controller would lose its pods.
  { group: 'apps', kind: 'Deployment', refusedChanges: fields(['spec.selector']) },
  { group: 'apps', kind: 'DaemonSet', refusedChanges: fields(['spec.selector']) },
  { group: 'apps', kind: 'ReplicaSet', refusedChanges: fields(['spec.selector']) },
  // ValidateJobUpdate: the selector, the pod template (but for scheduling directives of a job
  // never started) and the completion mode are immutable.
  { group: 'batch', kind: 'Job', refusedChanges: fields(['spec.selector', 'spec.template', 'spec.completionMode']) },
  {
    // ValidateStorageClassUpdate: "updates to parameters are forbidden", and the provisioner,
    // reclaimPolicy and volumeBindingMode are immutable (allowVolumeExpansion is not).
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    refusedChanges: fields(['parameters', 'provisioner', 'reclaimPolicy', 'volumeBindingMode']),
  },
  {
    // ValidatePersistentVolumeClaimUpdate: "spec is immutable after creation except
    // resources.requests and volumeAttributesClassName for bound claims", and the requested
    // storage "can not be less than previous value" (a volume is never shrunk).
    group: '',
    kind: 'PersistentVolumeClaim',
    refusedChanges: (committed, desired) => [
      ...specExcept(['resources', 'volumeAttributesClassName'])(committed, desired),
      ...fields(['spec.resources.limits'])(committed, desired),
      ...shrunk('spec.resources.requests.storage')(committed, desired),
    ],
  },
  {
    // ValidateServiceUpdate: spec.clusterIP and spec.clusterIPs[0] "may not change once set",
    // and the primary IP family "can not be changed".
    group: '',
    kind: 'Service',
    refusedChanges: fields(['spec.clusterIP', 'spec.clusterIPs', 'spec.ipFamilies']),
  },
  // ValidateSecretUpdate, ValidateConfigMapUpdate: once `immutable: true`, the data is "immutable".
  { group: '', kind: 'Secret', refusedChanges: whenImmutable(['data', 'stringData', 'type']) },
  { group: '', kind: 'ConfigMap', refusedChanges: whenImmutable(['data', 'binaryData']) },
  // ValidateRoleBindingUpdate, ValidateClusterRoleBindingUpdate: "cannot change roleRef".
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', refusedChanges: fields(['roleRef']) },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding', refusedChanges: fields(['roleRef']) },
];

/** The rule of an object's kind, if the API server keeps some of its fields. */
export function immutableFieldRuleOf(object: PlainObject): ImmutableFieldRule | undefined {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return immutableFieldRules.find((rule) => rule.group === group && rule.kind === object.kind);
}

/** Every leaf of the given dotted paths that differs. */
function fields(paths: readonly string[]): ImmutableFieldRule['refusedChanges'] {
  return (committed, desired) => paths.flatMap((path) => leafChanges(path, valueAt(committed, path), valueAt(desired, path)));
}

/** Every leaf of `spec` that differs, but under the named mutable keys. */
function specExcept(mutableKeys: readonly string[]): ImmutableFieldRule['refusedChanges'] {
  return (committed, desired) => {
    const keys = new Set([...Object.keys(specOf(committed)), ...Object.keys(specOf(desired))]);
    return fields([...keys].filter((key) => !mutableKeys.includes(key)).sort().map((key) => `spec.${key}`))(committed, desired);
  };
}

/** A quantity that went down. */
function shrunk(path: string): ImmutableFieldRule['refusedChanges'] {
  return (committed, desired) => {
    const from = valueAt(committed, path);
    const to = valueAt(desired, path);
    if (typeof from !== 'string' || typeof to !== 'string') return from === to || from === undefined ? [] : [{ path, from, to }];
    const [fromBytes, toBytes] = [parseByteQuantity(from), parseByteQuantity(to)];
    return fromBytes !== undefined && toBytes !== undefined && toBytes < fromBytes ? [{ path, from, to }] : [];
  };
}

/** The given fields, for an object created with `immutable: true`. */
function whenImmutable(paths: readonly string[]): ImmutableFieldRule['refusedChanges'] {
  return (committed, desired) => (committed.immutable === true ? fields(['immutable', ...paths])(committed, desired) : []);
}

const specOf = (object: PlainObject): Record<string, unknown> => (object.spec ?? {}) as Record<string, unknown>;

function valueAt(object: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

/** The leaves under `path` that differ, each with its committed and desired value. */
function leafChanges(path: string, from: unknown, to: unknown): ImmutableFieldChange[] {
  if (from === undefined && to === undefined) return [];
  if (!isContainer(from) || !isContainer(to)) return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ path, from, to }];
  return compare(from, to).map((operation) => {
    const segments = operation.path.split('/').slice(1).map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    const leafPath = segments.reduce((dotted, segment) => (/^[0-9]+$/.test(segment) ? `${dotted}[${segment}]` : `${dotted}.${segment}`), path);
    const valueIn = (object: unknown) => segments.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
    return { path: leafPath, from: valueIn(from), to: valueIn(to) };
  });
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';
