import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { applyImmutableFieldRules, immutableChangesRunbook, migrations } from './immutable-changes.ts';
import type { PlainObject } from './plain-object.ts';

const environment = fixtureEnvironment('grow', { mysql: { storageSize: '80Gi' } });
const where = 'clusters/grow/apps/mysql/database';

function statefulSet(storage: string, extra: Record<string, unknown> = {}): PlainObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'mysql', namespace: 'open4goods-grow' },
    spec: {
      replicas: 2,
      serviceName: 'mysql',
      template: {},
      volumeClaimTemplates: [{ metadata: { name: 'data', labels: { app: 'mysql' } }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'longhorn-db', resources: { requests: { storage } } } }],
      ...extra,
    },
  };
}

const run = (committed: readonly PlainObject[] | undefined, desired: readonly PlainObject[], replacements: readonly string[] = []) =>
  applyImmutableFieldRules({ environment, component: 'mysql', where, committed, desired, replacements });

const claimsOf = (objects: readonly PlainObject[]) => objects.filter((object) => object.kind === 'PersistentVolumeClaim');

describe('the build against the committed tree', () => {
  it('writes the desired objects as they are on a first build', () => {
    const desired = [statefulSet('80Gi')];
    expect(run(undefined, desired)).toEqual({ objects: desired, refusals: [] });
  });

  it('grows a StatefulSet volume on its claims, one per replica, and keeps the committed template', () => {
    const { objects, refusals } = run([statefulSet('50Gi')], [statefulSet('80Gi')]);
    expect(refusals).toEqual([]);
    expect(objects[0]).toEqual(statefulSet('50Gi'));
    expect(claimsOf(objects).map((claim) => [claim.metadata.name, (claim.spec as { resources: { requests: { storage: string } } }).resources.requests.storage])).toEqual([
      ['data-mysql-0', '80Gi'],
      ['data-mysql-1', '80Gi'],
    ]);
    expect(claimsOf(objects)[0]).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data-mysql-0', namespace: 'open4goods-grow', labels: { app: 'mysql' }, annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'longhorn-db', resources: { requests: { storage: '80Gi' } } },
    });
  });

  it('is stable: the tree it wrote, read back, gives the same objects', () => {
    const first = run([statefulSet('50Gi')], [statefulSet('80Gi')]).objects;
    expect(run(first, [statefulSet('80Gi')])).toEqual({ objects: first, refusals: [] });
  });

  it('refuses a shrink of the template or of a grown claim, naming the setting, the field and the migration', () => {
    expect(run([statefulSet('100Gi')], [statefulSet('80Gi')]).refusals).toEqual([
      `fixtures/grow.ts (mysql.storageSize: 100Gi -> 80Gi): StatefulSet open4goods-grow/mysql in ${where}, ` +
        `spec.volumeClaimTemplates[0].spec.resources.requests.storage: 100Gi -> 80Gi: a volume can only grow; follow ${migrations.shrinkVolume}`,
    ]);
    const grown = run([statefulSet('50Gi')], [statefulSet('90Gi')]).objects;
    expect(run(grown, [statefulSet('80Gi')]).refusals).toHaveLength(2);
    const back = run(grown, [statefulSet('50Gi')]).refusals;
    expect(back).toHaveLength(2);
    expect(back[0]).toContain(`PersistentVolumeClaim open4goods-grow/data-mysql-0 in ${where}, spec.resources.requests.storage: 90Gi -> 50Gi: a volume can only grow`);
  });

  it('refuses any other StatefulSet change unless the operator replaces it, and never forces what holds data', () => {
    const desired = statefulSet('50Gi', { serviceName: 'db' });
    expect(run([statefulSet('50Gi')], [desired]).refusals).toEqual([
      `fixtures/grow.ts (a setting rendering spec.serviceName: mysql -> db): StatefulSet open4goods-grow/mysql in ${where}, spec.serviceName: mysql -> db: ` +
        `the API server refuses to change it, on every sync; follow ${migrations.statefulSet}, then \`o4g build --replace StatefulSet/mysql\``,
    ]);
    expect(run([statefulSet('50Gi')], [desired], ['StatefulSet/mysql'])).toEqual({ objects: [desired], refusals: [] });
  });

  it('passes objects a component has Flux recreate, and annotates a replaced one for Flux to recreate', () => {
    const job = (image: string, annotations: Record<string, string> = {}): PlainObject => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'check', namespace: 'n', annotations },
      spec: { template: { spec: { containers: [{ image }] } } },
    });
    const forced = { 'kustomize.toolkit.fluxcd.io/force': 'enabled' };
    expect(run([job('a', forced)], [job('b', forced)])).toEqual({ objects: [job('b', forced)], refusals: [] });
    expect(run([job('a')], [job('b')]).refusals[0]).toContain(`follow ${migrations.recreate}, then \`o4g build --replace Job/check\``);
    expect(run([job('a')], [job('b')], ['Job/check'])).toEqual({ objects: [job('b', forced)], refusals: [] });
    // Once replaced, the annotation stays, so the tree o4g check compares stays the same, but it does not let the next change through.
    expect(run([job('b', forced)], [job('b')])).toEqual({ objects: [job('b', forced)], refusals: [] });
  });

  it('every migration it names is a section of the runbook', () => {
    const runbook = readFileSync(join(repositoryRoot, immutableChangesRunbook), 'utf8');
    const anchors = new Set([...runbook.matchAll(/^## (.+)$/gm)].map((match) => match[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
    for (const migration of Object.values(migrations)) expect(anchors, migration).toContain(migration.split('#')[1]);
  });
});
