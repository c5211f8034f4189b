import { externalToolAvailable } from '@open4goods/kit/testing';
import { type Dirent, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git } from '../testing/repository-copy.ts';
import { downloadGoModule } from './flux-release.ts';
import { goModulePathOf, mirrorGoModuleTag } from './git-mirror.ts';

const goAvailable = externalToolAvailable('go', ['version'], 'the Git mirror of a Go module');

describe('a forge repository mirrored from its Go module', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'o4g-git-mirror-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names the module of a forge URL', () => {
    expect(goModulePathOf('https://github.com/prometheus-operator/prometheus-operator')).toBe('github.com/prometheus-operator/prometheus-operator');
    expect(goModulePathOf('https://github.com/o/r.git/')).toBe('github.com/o/r');
  });

  it.runIf(goAvailable)("holds at the tag the module's files, byte for byte", { timeout: 120_000 }, () => {
    const target = join(scratch, 'prometheus-operator', 'prometheus-operator.git');
    mirrorGoModuleTag('github.com/prometheus-operator/prometheus-operator', 'v0.93.1', target);
    const file = 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml';
    const module = downloadGoModule('github.com/prometheus-operator/prometheus-operator', 'v0.93.1');
    expect(git(scratch, `--git-dir=${target}`, 'show', `v0.93.1:${file}`)).toBe(readFileSync(join(module.directory, file), 'utf8'));
    // Every file of the module, the ones its .gitignore names included.
    const files = (readdirSync(module.directory, { recursive: true, withFileTypes: true }) as Dirent[]).filter((entry) => entry.isFile()).length;
    expect(git(scratch, `--git-dir=${target}`, 'ls-tree', '-r', '--name-only', 'v0.93.1').trim().split('\n')).toHaveLength(files);
  });
});
