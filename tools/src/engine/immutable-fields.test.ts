import { describe, expect, it } from 'vitest';
import { immutableFieldRuleOf } from './immutable-fields.ts';
import type { PlainObject } from './plain-object.ts';

const object = (apiVersion: string, kind: string, fields: Record<string, unknown>): PlainObject => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'n' }, ...fields });

/** The refused changes from `committed` to `desired`, as `path: from -> to`. */
function refused(committed: PlainObject, desired: PlainObject): string[] {
  const rule = immutableFieldRuleOf(desired);
  if (!rule) return [];
  return rule.refusedChanges(committed, desired).map((change) => `${change.path}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`);
}

const claimTemplate = (storage: string, storageClassName = 'longhorn-db') => ({
  metadata: { name: 'data' },
  spec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage } } },
});
const statefulSet = (spec: Record<string, unknown>) =>
  object('apps/v1', 'StatefulSet', { spec: { replicas: 1, serviceName: 'mysql', selector: { matchLabels: { app: 'mysql' } }, template: {}, volumeClaimTemplates: [claimTemplate('50Gi')], ...spec } });

describe('immutable-field rules of the API server', () => {
  it('StatefulSet: the claim templates, selector and service name are kept; replicas, template, update strategy and the rest of the mutable spec may change', () => {
    const committed = statefulSet({});
    expect(refused(committed, statefulSet({ volumeClaimTemplates: [claimTemplate('80Gi')] }))).toEqual(['spec.volumeClaimTemplates[0].spec.resources.requests.storage: "50Gi" -> "80Gi"']);
    expect(refused(committed, statefulSet({ serviceName: 'db', selector: { matchLabels: { app: 'db' } } }))).toEqual([
      'spec.selector.matchLabels.app: "mysql" -> "db"',
      'spec.serviceName: "mysql" -> "db"',
    ]);
    expect(refused(committed, statefulSet({ podManagementPolicy: 'Parallel' }))).toEqual(['spec.podManagementPolicy: undefined -> "Parallel"']);
    const mutable = statefulSet({
      replicas: 3,
      ordinals: { start: 1 },
      template: { metadata: { labels: { app: 'mysql', v: '2' } } },
      updateStrategy: { type: 'OnDelete' },
      revisionHistoryLimit: 3,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      minReadySeconds: 10,
    });
    expect(refused(committed, mutable)).toEqual([]);
  });

  it('StorageClass: parameters, provisioner, reclaim policy and binding mode are kept; expansion and labels may change', () => {
    const storageClass = (fields: Record<string, unknown>) =>
      object('storage.k8s.io/v1', 'StorageClass', { provisioner: 'driver.longhorn.io', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', parameters: { numberOfReplicas: '1' }, ...fields });
    const committed = storageClass({ allowVolumeExpansion: false });
    expect(refused(committed, storageClass({ parameters: { numberOfReplicas: '3' } }))).toEqual(['parameters.numberOfReplicas: "1" -> "3"']);
    expect(refused(committed, storageClass({ provisioner: 'other', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' }))).toEqual([
      'provisioner: "driver.longhorn.io" -> "other"',
      'reclaimPolicy: "Retain" -> "Delete"',
      'volumeBindingMode: "Immediate" -> "WaitForFirstConsumer"',
    ]);
    expect(refused(committed, storageClass({ allowVolumeExpansion: true, metadata: { name: 'x', labels: { a: 'b' } } }))).toEqual([]);
  });

  it('PersistentVolumeClaim: the requested storage may only grow; the rest of the spec is kept', () => {
    const claim = (storage: string, storageClassName = 'longhorn') => object('v1', 'PersistentVolumeClaim', { spec: claimTemplate(storage, storageClassName).spec });
    expect(refused(claim('50Gi'), claim('80Gi'))).toEqual([]);
    expect(refused(claim('50Gi'), claim('51200Mi'))).toEqual([]);
    expect(refused(claim('50Gi'), claim('40Gi'))).toEqual(['spec.resources.requests.storage: "50Gi" -> "40Gi"']);
    expect(refused(claim('50Gi'), claim('50Gi', 'longhorn-db'))).toEqual(['spec.storageClassName: "longhorn" -> "longhorn-db"']);
  });

  it('Job template and selector, workload selectors, Service cluster IPs, immutable ConfigMaps, roleRefs', () => {
    const job = (image: string) => object('batch/v1', 'Job', { spec: { backoffLimit: 1, template: { spec: { containers: [{ image }] } } } });
    expect(refused(job('a'), job('b'))).toEqual(['spec.template.spec.containers[0].image: "a" -> "b"']);
    const deployment = (app: string, replicas: number) => object('apps/v1', 'Deployment', { spec: { replicas, selector: { matchLabels: { app } } } });
    expect(refused(deployment('a', 1), deployment('a', 2))).toEqual([]);
    expect(refused(deployment('a', 1), deployment('b', 1))).toEqual(['spec.selector.matchLabels.app: "a" -> "b"']);
    const daemonSet = (app: string) => object('apps/v1', 'DaemonSet', { spec: { selector: { matchLabels: { app } } } });
    expect(refused(daemonSet('a'), daemonSet('b'))).toEqual(['spec.selector.matchLabels.app: "a" -> "b"']);
    const service = (clusterIP: string | undefined, port: number) => object('v1', 'Service', { spec: { ...(clusterIP ? { clusterIP } : {}), ports: [{ port }] } });
    expect(refused(service('None', 80), service('None', 81))).toEqual([]);
    expect(refused(service('None', 80), service(undefined, 80))).toEqual(['spec.clusterIP: "None" -> undefined']);
    const configMap = (immutable: boolean, value: string) => object('v1', 'ConfigMap', { immutable, data: { key: value } });
    expect(refused(configMap(false, 'a'), configMap(false, 'b'))).toEqual([]);
    expect(refused(configMap(true, 'a'), configMap(true, 'b'))).toEqual(['data.key: "a" -> "b"']);
    const binding = (role: string) => object('rbac.authorization.k8s.io/v1', 'RoleBinding', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role }, subjects: [] });
    expect(refused(binding('a'), binding('b'))).toEqual(['roleRef.name: "a" -> "b"']);
  });

  it('kinds the API server lets change freely have no rule', () => {
    expect(immutableFieldRuleOf(object('networking.k8s.io/v1', 'Ingress', {}))).toBeUndefined();
    expect(immutableFieldRuleOf(object('v1', 'Namespace', {}))).toBeUndefined();
  });
});
