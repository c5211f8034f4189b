import { defineComponent } from '@open4goods/kit';
import { renderClusterAdminBinding } from './cluster-admins.ts';

export * from './names.ts';

/** RBAC of the people operating the cluster; workloads' own RBAC comes with their charts. */
export default defineComponent({
  name: 'rbac',
  layer: 'policies',
  sourceDirectory: 'packages/rbac',
  units: [{ name: 'cluster-admins', render: (environment) => [renderClusterAdminBinding(environment)] }],
});
