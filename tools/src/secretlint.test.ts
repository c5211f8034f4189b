import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './testing/repository.ts';

const secretlint = join(repositoryRoot, 'node_modules/.bin/secretlint');
const config = join(repositoryRoot, '.secretlintrc.json');

function lint(files: readonly string[]) {
  return spawnSync(secretlint, ['--secretlintrc', config, '--format', 'stylish', ...files], { cwd: repositoryRoot, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

/** Every file of the repository: tracked, and new ones not ignored (what a commit would add). */
function repositoryFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return listed.stdout.split('\0').filter(Boolean);
}

describe('secretlint (recommended preset)', { timeout: 60_000 }, () => {
  it('finds no credential anywhere in the repository', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(50);
    const result = lint(files);
    expect(result.stdout + result.stderr, 'secretlint found credentials').toBe('');
    expect(result.status).toBe(0);
  });

  it('does catch a credential, so the check above can fail', () => {
    const directory = mkdtempSync(join(tmpdir(), 'o4g-secretlint-'));
    // Assembled at run time so this test file itself stays clean.
    const leak = ['postgres', '://admin:', 'Sup3r', 'S3cretPassw0rd', '@db.internal:5432/app'].join('');
    writeFileSync(join(directory, 'leak.ts'), `export const url = "${leak}";\n`);
    const result = lint([join(directory, 'leak.ts')]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('PostgreSQL connection string');
  });
});
