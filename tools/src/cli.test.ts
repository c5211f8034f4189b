import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runO4g } from './testing/o4g.ts';
import { repositoryRoot } from './testing/repository.ts';

const run = (...argv: string[]) => runO4g(argv);

describe('o4g commands', () => {
  it('render <env> prints every object of the environment as multi-document YAML', async () => {
    const { code, out } = await run('render', 'staging');
    expect(code).toBe(0);
    const objects = parseAllDocuments(out).map((document) => document.toJSON());
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual(
      expect.arrayContaining(['Namespace/open4goods-staging', 'StatefulSet/mysql', 'Service/mysql', 'ExternalSecret/mysql-credentials']),
    );
    expect(objects.every((object) => object.kind === 'Namespace' || object.metadata.namespace === 'open4goods-staging')).toBe(true);
  });

  it('render <env> <component> prints only that component', async () => {
    const { code, out } = await run('render', 'prod', 'mysql');
    expect(code).toBe(0);
    expect(out).toContain('kind: StatefulSet');
  });

  it('images prints a JSON array of image strings, digest-pinned for prod', async () => {
    const { code, out } = await run('images', '--env', 'prod');
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
  });

  it('names the valid environments when given a wrong one', async () => {
    const { code, err } = await run('render', 'production');
    expect(code).toBe(1);
    expect(err).toContain('unknown environment "production": expected one of prod, staging');
  });

  it('rejects unknown commands and options with usage', async () => {
    expect((await run('deploy')).code).toBe(2);
    expect((await run('build', '--colour')).err).toContain("Unknown option '--colour'");
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
