import type { KubernetesObject } from '@open4goods/kit';

/** A rendered object reduced to JSON data: what is written, patched and compared. */
export interface PlainObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** JSON round trip: runs the models' toJSON and drops undefined fields. */
export function toPlainObject(object: KubernetesObject): PlainObject {
  return JSON.parse(JSON.stringify(object)) as PlainObject;
}

/** How kustomize addresses an object: group, version, kind, namespace, name. */
export interface ObjectKey {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export function keyOf(object: PlainObject): ObjectKey {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/', 2) : ['', object.apiVersion];
  return {
    group: group!,
    version: version!,
    kind: object.kind,
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}

export function formatKey(key: ObjectKey): string {
  return `${key.group ? `${key.group}/` : ''}${key.version} ${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
}

export function keyString(object: PlainObject): string {
  return formatKey(keyOf(object));
}

export function apiVersionOf(key: ObjectKey): string {
  return key.group ? `${key.group}/${key.version}` : key.version;
}
