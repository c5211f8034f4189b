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
// netpol reads every component's render (default-deny per namespace, flows between workloads),
// so it is affected by every package.
describe('nx affected', { timeout: 60_000 }, () => {
  it('a change in the mysql package affects mysql, xwiki (which imports its names), netpol and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['mysql', 'netpol', 'tools', 'xwiki']);
  });

  it('a change in the netpol package affects netpol and the cluster assembly only', () => {
    expect(affectedBy('packages/netpol/src/flows.ts')).toEqual(['netpol', 'tools']);
  });

  it.each(['xwiki', 'longhorn', 'cert-manager', 'external-secrets', 'rbac'])(
    'a change in the %s package affects that package, netpol and the cluster assembly (tools) only',
    (component) => {
      expect(affectedBy(`packages/${component}/src/index.ts`)).toEqual([component, 'netpol', 'tools'].sort());
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
      'netpol',
      'observability',
      'rbac',
      'tools',
      'xwiki',
    ]);
  });
});
