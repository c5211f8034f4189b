import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import rbac from './index.ts';

const render = (environment = loadEnvironment('prod')) => rbac.units[0]!.render(environment).map((object) => JSON.parse(JSON.stringify(object)));

describe('the rbac component', () => {
  it('is a policies component with one unit', () => {
    expect(rbac.layer).toBe('policies');
    expect(rbac.units.map((unit) => unit.name)).toEqual(['cluster-admins']);
  });

  it('binds cluster-admin once, to the operators group of the environment, and to nothing else', () => {
    const objects = render();
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'open4goods-cluster-admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'open4goods-operators' }],
    });
    expect(() => rbac.units[0]!.render(loadEnvironment('staging'))[0]!.validate?.()).not.toThrow();
  });

  it('follows the group the environment names', () => {
    const custom = defineEnvironment('custom', 'custom.ts', { access: { clusterAdminGroup: 'oidc:platform-admins' } });
    expect(render(custom)[0].subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'oidc:platform-admins' }]);
  });
});
