import type { Environment } from '@open4goods/environments';
import { standardLabels } from '@open4goods/kit';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { clusterAdminBindingName, clusterAdminRole } from './names.ts';

/**
 * The only cluster-admin grant of the platform: to the group the cluster's authenticator puts
 * the operators in (environment `access.clusterAdminGroup`). The engine refuses any other.
 */
export function renderClusterAdminBinding(environment: Environment): ClusterRoleBinding {
  return new ClusterRoleBinding({
    metadata: { name: clusterAdminBindingName, labels: standardLabels({ name: clusterAdminBindingName, component: 'rbac' }) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterAdminRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: environment.access.clusterAdminGroup }],
  });
}
