import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository, git, runInCopy, treeDigest } from './testing/repository-copy.ts';

const stagingFile = 'packages/environments/src/staging.ts';
const stagingPrefix = "prefix: 'open4goods/staging'";

describe("staging given prod's backup prefix, in a copy of the repository", { timeout: 600_000 }, () => {
  let copy: string;

  /** Commits staging.ts with the prefix given, and returns the tree as it is then. */
  const commitStagingPrefix = (prefix: string): Record<string, string> => {
    const source = readFileSync(join(copy, stagingFile), 'utf8');
    expect(source).toContain(stagingPrefix);
    writeFileSync(join(copy, stagingFile), source.replace(stagingPrefix, `prefix: '${prefix}'`));
    git(copy, 'commit', '--quiet', '--all', '--message', `staging backs up to ${prefix}`);
    return treeDigest(copy);
  };

  beforeAll(() => {
    copy = copyRepository();
  }, 600_000);
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it.each([
    ['open4goods/prod', 'are the same keys as'],
    ['open4goods/prod/staging', 'nest with'],
  ])('o4g build refuses staging at %s, naming both files, the field and the fix, and writes nothing', (prefix, how) => {
    git(copy, 'reset', '--quiet', '--hard', git(copy, 'rev-list', '--max-parents=0', 'HEAD').trim());
    const before = commitStagingPrefix(prefix);

    const build = runInCopy(copy, process.execPath, ['tools/bin/o4g.mjs', 'build']);

    expect(build.status).toBe(1);
    expect(build.output).toContain("o4g build: backup locations overlap (1 collision): one environment's retention would delete the other's backups");
    expect(build.output).toContain(
      `  ${stagingFile}: decisions.s3.value.prefix: the backups of staging (s3://open4goods-backups/${prefix}/) ${how} the backups of prod (s3://open4goods-backups/open4goods/prod/), set in packages/environments/src/prod.ts: decisions.s3.value.prefix`,
    );
    expect(build.output).toContain('fix: give staging a prefix of its own, neither equal to nor inside nor around "open4goods/prod"');
    expect(treeDigest(copy)).toEqual(before);
    expect(git(copy, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});
