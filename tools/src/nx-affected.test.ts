import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './testing/repository.ts';

function affectedBy(file: string, target?: string): string[] {
  const result = spawnSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${file}`, ...(target ? ['-t', target] : [])], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (result.status !== 0) throw new Error(`nx show projects failed:\n${result.stderr}`);
  // Project names only: Nx prints a notice instead of names when nothing is affected.
  return result.stdout.split('\n').filter((line) => /^[\w@/.-]+$/.test(line)).sort();
}

// Each case starts `npx nx`, which takes several seconds on a busy two-core machine.
// netpol reads every component's render (default-deny per namespace, flows between workloads),
// so it is affected by every package; so is smoke, whose network probes are derived from netpol's
// flows and the whole render, and whose checks re-run when what they check changes.
describe('nx affected', { timeout: 60_000 }, () => {
  it('a change in the mysql package affects mysql, xwiki, backups and observability (which import its names), netpol, smoke and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/mysql/src/names.ts')).toEqual(['backups', 'mysql', 'netpol', 'observability', 'smoke', 'tools', 'xwiki']);
  });

  it('a change in the backups package, a script included, affects backups, netpol, smoke and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/backups/src/schedule.ts')).toEqual(['backups', 'netpol', 'smoke', 'tools']);
    expect(affectedBy('packages/backups/scripts/mysql-dump.sh')).toEqual(['backups', 'netpol', 'smoke', 'tools']);
  });

  it('a change in the observability package affects observability, netpol, smoke and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/observability/src/rules/backups.ts')).toEqual(['netpol', 'observability', 'smoke', 'tools']);
  });

  it('a change in the netpol package affects netpol, the smoke probes derived from its flows and the cluster assembly only', () => {
    expect(affectedBy('packages/netpol/src/flows.ts')).toEqual(['netpol', 'smoke', 'tools']);
  });

  it('a change in the xwiki package affects xwiki, backups and observability (which import its names), netpol, smoke and the cluster assembly (tools) only', () => {
    expect(affectedBy('packages/xwiki/src/server-xml.ts')).toEqual(['backups', 'netpol', 'observability', 'smoke', 'tools', 'xwiki']);
  });

  it.each(['longhorn', 'cert-manager', 'external-secrets', 'rbac'])(
    'a change in the %s package affects that package, netpol, smoke and the cluster assembly (tools) only',
    (component) => {
      expect(affectedBy(`packages/${component}/src/index.ts`)).toEqual([component, 'netpol', 'smoke', 'tools'].sort());
    },
  );

  it('a change in the environments affects every package that renders with them', () => {
    expect(affectedBy('packages/environments/src/prod.ts')).toEqual([
      'backups',
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
      'smoke',
      'tools',
      'xwiki',
    ]);
  });
});

// The build tasks a change reaches (`nx affected -t build`, what CI runs): Nx checks each task's
// inputs, so a file no build reads (a test, a test helper, renovate.json) starts no build.
describe('nx affected -t build', { timeout: 60_000 }, () => {
  it('a bump in a component rebuilds that component and the cluster assembly', () => {
    // xwiki, backups and observability import mysql's names, netpol and smoke read every render: they are rebuilt, nothing else.
    expect(affectedBy('packages/mysql/src/images.ts', 'build')).toEqual(['backups', 'mysql', 'netpol', 'observability', 'smoke', 'tools', 'xwiki']);
    expect(affectedBy('packages/longhorn/src/charts.ts', 'build')).toEqual(['longhorn', 'netpol', 'smoke', 'tools']);
  });

  it('a change in the engine rebuilds every component (their build runs it) and the cluster assembly', () => {
    expect(affectedBy('tools/src/engine/plan.ts', 'build')).toEqual([
      'backups',
      'cert-manager',
      'external-dns',
      'external-secrets',
      'ingress',
      'longhorn',
      'mysql',
      'netpol',
      'observability',
      'rbac',
      'smoke',
      'tools',
      'xwiki',
    ]);
  });

  it('tests, test helpers and the repository checks start no build', () => {
    for (const file of ['packages/mysql/src/statefulset.test.ts', 'tools/src/engine/overlay.test.ts', 'tools/src/testing/renovate.ts', 'tools/src/gitops/trivy-ignore.ts']) {
      expect(affectedBy(file, 'build'), file).toEqual([]);
    }
  });

  it('renovate.json and the workflows start no build', () => {
    expect(affectedBy('renovate.json', 'build')).toEqual([]);
    expect(affectedBy('.github/workflows/ci.yml', 'build')).toEqual([]);
  });
});

