import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from './cli.ts';
import { kubectlPinnedTo, testApiServers } from './testing/kubeconfig.ts';
import { runO4g } from './testing/o4g.ts';
import { repositoryRoot } from './testing/repository.ts';

const run = (...argv: string[]) => runO4g(argv);

describe('o4g commands', () => {
  it('render <env> prints every object of the environment as multi-document YAML', async () => {
    const { code, out } = await run('render', 'staging');
    expect(code).toBe(0);
    const objects = parseAllDocuments(out).map((document) => document.toJSON());
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(
      expect.arrayContaining([
        'Namespace/open4goods-staging',
        'StatefulSet/mysql',
        'Service/mysql',
        'ExternalSecret/mysql-credentials',
        'HelmRelease/longhorn',
        'StorageClass/longhorn-db',
        'ClusterIssuer/letsencrypt-staging',
        'ClusterSecretStore/vault',
      ]),
    );
    // The base's application namespace never leaks into an environment.
    const applicationNamespaces = new Set(objects.map((object) => object.metadata.namespace).filter((namespace) => namespace?.startsWith('open4goods-')));
    expect(applicationNamespaces).toEqual(new Set(['open4goods-staging']));
    // Every namespaced object lives in a namespace the render creates.
    const namespaces = new Set(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name));
    expect(namespaces).toEqual(expect.objectContaining(new Set(['open4goods-staging', 'external-secrets'])));
    const clusterScoped = new Set(['Namespace', 'ClusterSecretStore', 'ClusterRoleBinding', 'ClusterIssuer', 'StorageClass', 'IngressClass']);
    // flux-system is created by `flux bootstrap`, kube-system (metrics-server) by the cluster itself, not by the render.
    const clusterNamespaces = new Set(['flux-system', 'kube-system']);
    expect(objects.filter((object) => !clusterScoped.has(object.kind) && !namespaces.has(object.metadata.namespace) && !clusterNamespaces.has(object.metadata.namespace!)).map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([]);
  });

  it('render <env> <component> prints only that component', async () => {
    const { code, out } = await run('render', 'prod', 'mysql');
    expect(code).toBe(0);
    expect(out).toContain('kind: StatefulSet');
  });

  it("images lists the charts' images from Helm's render too", async () => {
    const { code, out } = await run('images', '--env', 'prod');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expect.arrayContaining(['quay.io/jetstack/cert-manager-controller:v1.21.1', expect.stringMatching(/^mysql:8\.4\./)]));
  });

  it('images --without-charts prints our images, digest-pinned for prod', async () => {
    const { code, out } = await run('images', '--env', 'prod', '--without-charts');
    expect(code).toBe(0);
    const images = JSON.parse(out) as unknown[];
    expect(images.length).toBeGreaterThanOrEqual(2);
    for (const image of images) expect(image).toMatch(/^[a-z0-9./-]+:[\w.-]+@sha256:[a-f0-9]{64}$/);
    expect(images.some((image) => String(image).startsWith('mysql:8.4.'))).toBe(true);
  });

  it('decisions <env> lists each decision and which are open', async () => {
    const prod = await run('decisions', 'prod');
    expect(prod.code).toBe(0);
    expect(prod.out).toMatch(/locked {2}mysqlVersion = "8\.4"/);
    expect(prod.out).toMatch(/OPEN {4}fqdn = /);
    expect(prod.out).toContain('question: ');
    const staging = await run('decisions', 'staging');
    expect(staging.out).toContain('All decisions are locked.');
  });

  it('build --strict refuses to write while a decision is open', async () => {
    const { code, err } = await run('build', '--strict');
    expect(code).toBe(1);
    expect(err).toContain('prod: 4 open decisions (s3, fqdn, recoveryObjectives, restoreTestFrequency)');
    expect(err).toContain('o4g build --strict: open decisions in prod; nothing written');
    // Components' warnings are printed per environment.
    expect(err).toContain('o4g build: warning (prod) longhorn: packages/environments/src/prod.ts (cluster.nodeCount: 1): 3 Longhorn replicas can never be healthy on 1 node');
  });

  it('names the valid environments when given a wrong one', async () => {
    const { code, err } = await run('render', 'production');
    expect(code).toBe(1);
    expect(err).toContain('unknown environment "production": expected one of prod, staging');
  });

  it('check passes on the committed tree and lists a generated file edited by hand', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'o4g-check-'));
    for (const entry of ['nx.json', '.sops.yaml', 'infra', 'apps', 'policies', 'clusters', 'docs']) {
      try {
        cpSync(join(repositoryRoot, entry), join(copy, entry), { recursive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    expect((await runO4g(['check'], copy)).code).toBe(0);

    const edited = 'apps/mysql/database/configmap-mysql-config.yaml';
    writeFileSync(join(copy, edited), readFileSync(join(copy, edited), 'utf8').replace('max_allowed_packet = 64M', 'max_allowed_packet = 1G'));
    const { code, err } = await runO4g(['check'], copy);
    expect(code).toBe(1);
    expect(err).toContain(`modified  ${edited}`);
    expect(err).toContain('1 generated file differs from a fresh render');
  });

  it('rejects unknown commands and options with usage', async () => {
    expect((await run('deploy')).code).toBe(2);
    expect((await run('build', '--colour')).err).toContain("Unknown option '--colour'");
  });
});

describe('o4g restore', () => {
  async function restore(argv: string[], kubectl?: Parameters<typeof main>[2]) {
    let out = '';
    let err = '';
    const code = await main(['--root', repositoryRoot, 'restore', ...argv], { out: (text) => (out += text), err: (text) => (err += text) }, kubectl);
    return { code, out, err };
  }

  it('prints the MySQL restore Job of an environment for review', async () => {
    const { code, out } = await restore(['mysql', 'staging', '--from', 'latest']);
    expect(code).toBe(0);
    const [job] = parseAllDocuments(out).map((document) => document.toJSON());
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'mysql-restore', namespace: 'open4goods-staging', annotations: { 'open4goods.org/restore-from': 'latest' } } });
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.template.spec.initContainers[0].env).toContainEqual({ name: 'BACKUP_KEY', value: 'latest' });
  });

  it('prints the XWiki restore Job for a backup chosen by key', async () => {
    const key = 'open4goods/prod/xwiki/prod-xwiki-20260301T034700Z.xar';
    const { code, out } = await restore(['xwiki', 'prod', '--from', key]);
    expect(code).toBe(0);
    expect(out).toContain('name: xwiki-restore');
    expect(out).toContain(`value: ${key}`);
  });

  it('creates the Job with kubectl create when asked to apply it, and says how to follow it', async () => {
    const calls: Array<{ args: readonly string[]; input: string }> = [];
    const kubectl = kubectlPinnedTo('prod-admin', testApiServers.prod, (args, input) => {
      calls.push({ args, input });
      return { status: 0, stdout: 'job.batch/mysql-restore created\n', stderr: '' };
    });
    const { code, err } = await restore(['mysql', 'prod', '--from', 'latest', '--apply', '--context', 'prod-admin'], kubectl);
    expect(code).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args).toEqual(['create', '-f', '-']);
    expect(calls[0]!.input).toContain('namespace: open4goods-prod');
    expect(err).toContain('kubectl --context prod-admin -n open4goods-prod logs -f job/mysql-restore -c restore');
  });

  it('fails when kubectl refuses the Job (one already exists)', async () => {
    const kubectl = kubectlPinnedTo('prod-admin', testApiServers.prod, () => ({ status: 1, stdout: '', stderr: 'Error from server (AlreadyExists)\n' }));
    const { code, err } = await restore(['mysql', 'prod', '--from', 'latest', '--apply', '--context', 'prod-admin'], kubectl);
    expect(code).toBe(1);
    expect(err).toContain('AlreadyExists');
    expect(err).toContain('nothing was restored');
  });

  it('refuses a wrong kind, a missing --from and a key of another environment, saying what to give', async () => {
    const kind = await restore(['postgres', 'prod', '--from', 'latest']);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('restore restores mysql or xwiki, not "postgres"');
    const from = await restore(['mysql', 'prod']);
    expect(from.code).toBe(2);
    expect(from.err).toContain('restore needs --from latest, or the name or key of a backup');
    const elsewhere = await restore(['mysql', 'prod', '--from', 'open4goods/staging/mysql/xwiki-20260301T021700Z.sql.gz']);
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.err).toContain('--from: the key is not under open4goods/prod/mysql/');
  });
});

describe('the o4g bin', () => {
  beforeAll(() => {
    const bundle = spawnSync(process.execPath, ['tools/bundle.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(bundle.status, bundle.stderr).toBe(0);
  });

  it('runs the bundled CLI from node_modules/.bin (as `npx o4g` does)', () => {
    const result = spawnSync(`${repositoryRoot}/node_modules/.bin/o4g`, ['images', '--env', 'staging'], { cwd: repositoryRoot, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining([expect.stringMatching(/^mysql:8\.4\./)]));
  });
});
