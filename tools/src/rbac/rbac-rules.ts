import { type WorkloadSelector, boundServiceAccounts, podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

interface Binding {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly roleRef?: { readonly kind?: string; readonly name?: string };
  readonly subjects?: readonly Subject[];
}

const isBinding = (object: PlainObject): boolean => object.kind === 'ClusterRoleBinding' || object.kind === 'RoleBinding';

/**
 * The RBAC rules of the platform:
 * - cluster-admin is bound at most once, by a ClusterRoleBinding, to one Group (the operators');
 * - a pod mounts an API token only when its ServiceAccount is granted something: everything else
 *   sets automountServiceAccountToken: false on the pod or on its ServiceAccount. A chart's pod
 *   declared as calling the API (`apiCallers`, from the components' chartWorkloads) keeps its token
 *   even when its chart grants it nothing: its client authenticates for discovery (a webhook's
 *   controller-runtime manager, say), which every authenticated account may do.
 */
export function rbacViolations(objects: readonly PlainObject[], apiCallers: readonly WorkloadSelector[] = []): string[] {
  const problems: string[] = [];
  const clusterAdmin = (objects.filter(isBinding) as unknown as Binding[]).filter((binding) => binding.roleRef?.kind === 'ClusterRole' && binding.roleRef.name === 'cluster-admin');
  if (clusterAdmin.length > 1) problems.push(`cluster-admin is bound ${clusterAdmin.length} times (${clusterAdmin.map((binding) => binding.metadata.name).join(', ')}): only the operators' group may hold it`);
  for (const binding of clusterAdmin) {
    if (binding.kind !== 'ClusterRoleBinding') problems.push(`RoleBinding ${binding.metadata.namespace}/${binding.metadata.name} grants cluster-admin: only the operators' ClusterRoleBinding may`);
    const subjects = binding.subjects ?? [];
    if (subjects.length !== 1 || subjects[0]!.kind !== 'Group') {
      problems.push(`${binding.kind} ${binding.metadata.name} grants cluster-admin to ${subjects.map((subject) => `${subject.kind} ${subject.name}`).join(', ') || 'nobody'}: it must name exactly one Group`);
    }
  }

  const bound = boundServiceAccounts(objects);
  const automountOff = new Set(
    objects
      .filter((object) => object.kind === 'ServiceAccount' && (object as { automountServiceAccountToken?: boolean }).automountServiceAccountToken === false)
      .map((object) => `${object.metadata.namespace}/${object.metadata.name}`),
  );
  for (const pod of podTemplatesOf(objects)) {
    const account = `${pod.namespace}/${pod.spec.serviceAccountName ?? 'default'}`;
    const mounts = pod.spec.automountServiceAccountToken ?? !automountOff.has(account);
    const declaredCaller = apiCallers.some(
      (caller) => caller.namespace === pod.namespace && Object.entries(caller.podLabels).every(([key, value]) => pod.metadata.labels?.[key] === value),
    );
    if (mounts && !bound.has(account) && !declaredCaller) {
      problems.push(`${pod.owner} mounts an API token for ServiceAccount ${account}, which no binding grants anything: set automountServiceAccountToken: false`);
    }
  }
  return problems;
}
