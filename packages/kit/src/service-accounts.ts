import type { PlatformObject } from './platform.ts';

interface Binding {
  readonly kind: string;
  readonly metadata: { readonly namespace?: string };
  readonly subjects?: readonly { readonly kind?: string; readonly name?: string; readonly namespace?: string }[];
}

/**
 * `namespace/name` of every ServiceAccount a rendered RoleBinding or ClusterRoleBinding grants
 * something: the workloads that call the Kubernetes API (they keep their token and get API egress).
 */
export function boundServiceAccounts(objects: readonly PlatformObject[]): Set<string> {
  const bound = new Set<string>();
  for (const object of objects) {
    if (object.kind !== 'ClusterRoleBinding' && object.kind !== 'RoleBinding') continue;
    for (const subject of (object as unknown as Binding).subjects ?? []) {
      if (subject.kind === 'ServiceAccount' && subject.name) bound.add(`${subject.namespace ?? object.metadata.namespace}/${subject.name}`);
    }
  }
  return bound;
}
