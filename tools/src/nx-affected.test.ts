import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './testing/repository.ts';

function affectedBy(file: string): string[] {
  const result = spawnSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${file}`], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (result.status !== 0) throw new Error(`nx show projects failed:\n${result.stderr}`);
  return result.stdout.split('\n').filter(Boolean).sort();
}

// Each case starts nx, which takes seconds on a busy two-core machine.
describe('nx affected', { timeout: 30_000 }, () => {
  it('a change in the mysql package affects mysql and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['mysql', 'tools']);
  });

  it('a change in the environments affects every package that renders with them', () => {
    expect(affectedBy('packages/environments/src/prod.ts')).toEqual(['environments', 'kit', 'mysql', 'tools']);
  });
});
