import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository, git, runInCopy as run, treeDigest } from './testing/repository-copy.ts';

const prodFile = 'packages/environments/src/prod.ts';
// What a careless edit of prod.ts writes: a misspelt key (the real one keeps its default) and the root user.
const refusal = [
  `${prodFile}: invalid environment (2 problems)`,
  '  mysql.storgeSize: expected one of the settings of mysql (storageSize, resources, innodbBufferPoolSize, maxConnections, database, user): did you mean "storageSize"?, got "100Gi"',
  '  mysql.user: expected a MySQL user name other than "root" (the administrator the mysql image creates (it refuses MYSQL_USER=root)), such as "xwiki", got "root"',
].join('\n');

describe('an environment file with an unknown key and a value the cluster refuses, in a copy of the repository', { timeout: 600_000 }, () => {
  let copy: string;
  let before: Record<string, string>;

  beforeAll(() => {
    copy = copyRepository();
    const source = readFileSync(join(copy, prodFile), 'utf8');
    const edited = source.replace("  mysql: {\n    storageSize: '50Gi',", "  mysql: {\n    storgeSize: '100Gi',\n    user: 'root',\n    storageSize: '50Gi',");
    expect(edited).not.toBe(source);
    writeFileSync(join(copy, prodFile), edited);
    git(copy, 'commit', '--quiet', '--all', '--message', 'a careless edit of prod');
    before = treeDigest(copy);
  }, 600_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('o4g build refuses it, naming the file, each field and its fix, and writes nothing', () => {
    const build = run(copy, process.execPath, ['tools/bin/o4g.mjs', 'build']);
    expect(build.status).toBe(1);
    expect(build.output).toContain(`o4g build: ${refusal}`);
    expect(treeDigest(copy)).toEqual(before);
    expect(git(copy, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('o4g check refuses it the same way', () => {
    const check = run(copy, process.execPath, ['tools/bin/o4g.mjs', 'check']);
    expect(check.status).toBe(1);
    expect(check.output).toContain(`o4g check: ${refusal}`);
    expect(treeDigest(copy)).toEqual(before);
  });

  it('nx affected -t build fails on it, and writes nothing', () => {
    const affected = run(copy, join(copy, 'node_modules/.bin/nx'), ['affected', '-t', 'build', '--base=HEAD~1', '--head=HEAD', '--outputStyle=static', '--skipNxCache']);
    expect(affected.status).not.toBe(0);
    expect(affected.output).toContain(refusal.split('\n')[1]);
    expect(treeDigest(copy)).toEqual(before);
    expect(git(copy, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});
