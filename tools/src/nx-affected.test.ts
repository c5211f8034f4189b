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

// Each case starts `npx nx`, which takes several seconds on a busy two-core machine.
describe('nx affected', { timeout: 60_000 }, () => {
  it('a change in the mysql package affects mysql, xwiki and backups (which import its names) and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['backups', 'mysql', 'tools', 'xwiki']);
  });

  it('a change in the xwiki package affects xwiki, backups (which imports its names) and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/xwiki/src/server-xml.ts')).toEqual(['backups', 'tools', 'xwiki']);
  });

  it('a change in the backups package, a script included, affects backups and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/backups/src/schedule.ts')).toEqual(['backups', 'tools']);
    expect(affectedBy('packages/backups/scripts/mysql-dump.sh')).toEqual(['backups', 'tools']);
  });

  it('a change in the environments affects every package that renders with them', () => {
    expect(affectedBy('packages/environments/src/prod.ts')).toEqual(['backups', 'environments', 'kit', 'mysql', 'tools', 'xwiki']);
  });
});
