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
  it('a change in the mysql package affects mysql, the network policies derived from every render, and the cluster assembly (tools)', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['mysql', 'netpol', 'tools']);
  });

  it('a change in the netpol package affects netpol and the cluster assembly only', () => {
    expect(affectedBy('packages/netpol/src/flows.ts')).toEqual(['netpol', 'tools']);
  });

  it('a change in external-secrets or rbac also reaches netpol, which reads every render', () => {
    expect(affectedBy('packages/external-secrets/src/names.ts')).toEqual(['external-secrets', 'netpol', 'tools']);
    expect(affectedBy('packages/rbac/src/names.ts')).toEqual(['netpol', 'rbac', 'tools']);
  });

  it('a change in the environments affects every package that renders with them', () => {
    expect(affectedBy('packages/environments/src/prod.ts')).toEqual(['environments', 'external-secrets', 'kit', 'mysql', 'netpol', 'rbac', 'tools']);
  });
});
