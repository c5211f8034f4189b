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
  it('a change in the mysql package affects mysql, xwiki and observability (which import its names) and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['mysql', 'observability', 'tools', 'xwiki']);
  });

  it('a change in the xwiki package affects xwiki, observability (its alerts and dashboard import the names) and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/xwiki/src/server-xml.ts')).toEqual(['observability', 'tools', 'xwiki']);
  });

  it('a change in the observability package affects observability and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/observability/src/rules/backups.ts')).toEqual(['observability', 'tools']);
  });

  it.each(['longhorn', 'cert-manager'])(
    'a change in the %s package affects that package and the cluster assembly (tools) only',
    (component) => {
      expect(affectedBy(`packages/${component}/src/index.ts`)).toEqual([component, 'tools'].sort());
    },
  );

  it('a change in the environments affects every package that renders with them', () => {
    expect(affectedBy('packages/environments/src/prod.ts')).toEqual([
      'cert-manager',
      'environments',
      'external-dns',
      'external-secrets',
      'ingress',
      'kit',
      'longhorn',
      'mysql',
      'observability',
      'tools',
      'xwiki',
    ]);
  });
});
