import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PlainObject } from './engine/plain-object.ts';
import { kubectlAvailable, kustomizeBuild } from './testing/kubectl.ts';
import { copyRepository, git } from './testing/repository-copy.ts';

const prodFile = 'packages/environments/src/prod.ts';
const mysqlOverlay = 'clusters/prod/apps/mysql/database';
const longhornOverlayRoot = 'clusters/prod/infra/longhorn';

/** Every file of the copy git sees (committed, or untracked and not ignored), with its SHA-256. */
function treeDigest(copy: string): Record<string, string> {
  const files = git(copy, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean).sort();
  return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(join(copy, file))).digest('hex')]));
}

function build(copy: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, ['tools/bin/o4g.mjs', 'build'], { cwd: copy, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: 'true' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function editProd(copy: string, from: string, to: string): void {
  const source = readFileSync(join(copy, prodFile), 'utf8');
  const edited = source.replace(from, to);
  expect(edited).not.toBe(source);
  writeFileSync(join(copy, prodFile), edited);
}

interface ClaimTemplates {
  spec: { volumeClaimTemplates: { metadata: { labels: Record<string, string> } }[] };
}

function byKind<T = PlainObject>(objects: readonly PlainObject[], kind: string, name: string): T {
  return objects.find((object) => object.kind === kind && object.metadata.name === name) as unknown as T;
}

describe.skipIf(!kubectlAvailable())('environment edits that touch fields the API server keeps, in a copy of the repository', { timeout: 900_000 }, () => {
  let copy: string;

  beforeAll(() => {
    copy = copyRepository();
  }, 600_000);

  beforeEach(() => {
    git(copy, 'checkout', '--quiet', '--', '.');
    git(copy, 'clean', '--quiet', '-fd');
  });

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('raising prod mysql.storageSize keeps the StatefulSet template byte-identical and grows the claim, which Flux never prunes', () => {
    const before = kustomizeBuild(join(copy, mysqlOverlay));
    const statefulSetBefore = byKind<ClaimTemplates>(before, 'StatefulSet', 'mysql');
    editProd(copy, "  mysql: {\n    storageSize: '50Gi',", "  mysql: {\n    storageSize: '80Gi',");
    editProd(copy, "  xwiki: {\n    storageSize: '50Gi',", "  xwiki: {\n    storageSize: '60Gi',");

    const result = build(copy);
    expect(result.output).toContain(`wrote  ${mysqlOverlay}/persistentvolumeclaim-data-mysql-0.yaml`);
    expect(result.status).toBe(0);

    const after = kustomizeBuild(join(copy, mysqlOverlay));
    const statefulSetAfter = byKind<ClaimTemplates>(after, 'StatefulSet', 'mysql');
    expect(JSON.stringify(statefulSetAfter.spec.volumeClaimTemplates)).toBe(JSON.stringify(statefulSetBefore.spec.volumeClaimTemplates));
    expect(JSON.stringify(statefulSetAfter.spec.volumeClaimTemplates)).toContain('"storage":"50Gi"');
    expect(byKind(after, 'PersistentVolumeClaim', 'data-mysql-0')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'data-mysql-0',
        namespace: 'open4goods-prod',
        labels: statefulSetBefore.spec.volumeClaimTemplates[0]!.metadata.labels,
        annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
      },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'longhorn-db', resources: { requests: { storage: '80Gi' } } },
    });

    // XWiki's volume is a standalone claim: its requested storage may grow in place.
    const wikiClaim = byKind<{ spec: { resources: { requests: { storage: string } } } }>(kustomizeBuild(join(copy, 'clusters/prod/apps/xwiki/wiki')), 'PersistentVolumeClaim', 'xwiki-data');
    expect(wikiClaim.spec.resources.requests.storage).toBe('60Gi');

    // The next build and o4g check agree with what was written: the safe path is stable.
    const digest = treeDigest(copy);
    expect(build(copy).status).toBe(0);
    expect(treeDigest(copy)).toEqual(digest);
    const check = spawnSync(process.execPath, ['tools/bin/o4g.mjs', 'check'], { cwd: copy, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(check.stdout + check.stderr).toContain('o4g check: the generated tree matches the TypeScript');
  });

  it('shrinking prod mysql.storageSize fails with the setting, the field and the migration, and writes nothing', () => {
    editProd(copy, "  mysql: {\n    storageSize: '50Gi',", "  mysql: {\n    storageSize: '40Gi',");
    const before = treeDigest(copy);

    const result = build(copy);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      `${prodFile} (mysql.storageSize: 50Gi -> 40Gi): StatefulSet open4goods-prod/mysql in ${mysqlOverlay}, ` +
        'spec.volumeClaimTemplates[0].spec.resources.requests.storage: 50Gi -> 40Gi: a volume can only grow; follow docs/runbooks/immutable-changes.md#shrink-a-volume',
    );
    expect(treeDigest(copy)).toEqual(before);
  });

  it('shrinking back after a growth refuses too: the grown claim cannot shrink', () => {
    editProd(copy, "  mysql: {\n    storageSize: '50Gi',", "  mysql: {\n    storageSize: '80Gi',");
    expect(build(copy).status).toBe(0);
    editProd(copy, "  mysql: {\n    storageSize: '80Gi',", "  mysql: {\n    storageSize: '50Gi',");
    const before = treeDigest(copy);

    const result = build(copy);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      `PersistentVolumeClaim open4goods-prod/data-mysql-0 in ${mysqlOverlay}, spec.resources.requests.storage: 80Gi -> 50Gi: a volume can only grow; follow docs/runbooks/immutable-changes.md#shrink-a-volume`,
    );
    expect(treeDigest(copy)).toEqual(before);
  });

  it('raising prod cluster.nodeCount changes no StorageClass parameters in place: the build refuses with the migration', () => {
    const storageClasses = () => kustomizeBuild(join(copy, longhornOverlayRoot, 'config')).filter((object) => object.kind === 'StorageClass');
    const classesBefore = storageClasses();
    expect(classesBefore.map((object) => object.metadata.name).sort()).toEqual(['longhorn', 'longhorn-db']);
    editProd(copy, '  images: { requireDigest: true },', '  cluster: { nodeCount: 3 },\n  images: { requireDigest: true },');
    const before = treeDigest(copy);

    const result = build(copy);
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      `${prodFile} (cluster.nodeCount: 1 -> 3): StorageClass longhorn-db in ${longhornOverlayRoot}/config, parameters.numberOfReplicas: 1 -> 3: ` +
        'the API server refuses to change it, on every sync; follow docs/runbooks/immutable-changes.md#change-storageclass-parameters, then `o4g build --replace StorageClass/longhorn-db`',
    );
    expect(treeDigest(copy)).toEqual(before);
    expect(storageClasses()).toEqual(classesBefore);
  });

  it('after the migration, --replace writes the new parameters for Flux to recreate the class, and the tree is stable', () => {
    editProd(copy, '  images: { requireDigest: true },', '  cluster: { nodeCount: 3 },\n  images: { requireDigest: true },');
    const result = spawnSync(process.execPath, ['tools/bin/o4g.mjs', 'build', '--replace', 'StorageClass/longhorn-db', '--replace', 'StorageClass/longhorn'], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    expect(result.stdout + result.stderr).toContain('written');
    expect(result.status).toBe(0);
    const database = byKind<{ metadata: { annotations: Record<string, string> }; parameters: Record<string, string> }>(
      kustomizeBuild(join(copy, longhornOverlayRoot, 'config')),
      'StorageClass',
      'longhorn-db',
    );
    expect(database.parameters.numberOfReplicas).toBe('3');
    expect(database.metadata.annotations['kustomize.toolkit.fluxcd.io/force']).toBe('enabled');
    const digest = treeDigest(copy);
    expect(build(copy).status).toBe(0);
    expect(treeDigest(copy)).toEqual(digest);
  });
});
