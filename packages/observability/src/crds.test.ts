import { loadEnvironment } from '@open4goods/environments';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onlyDirectory } from './crds.ts';
import observability, { monitoringCrdsUnit, prometheusOperatorSource } from './index.ts';

describe.each(['prod', 'staging'] as const)('the Prometheus Operator CRDs unit in %s', (name) => {
  const unit = observability.units.find((candidate) => `${observability.name}/${candidate.name}` === monitoringCrdsUnit)!;
  const objects = unit.render(loadEnvironment(name));
  const repository = objects.find((object): object is GitRepository => object instanceof GitRepository)!;
  const kustomization = objects.find((object): object is Kustomization => object instanceof Kustomization)!;

  it('is the unit other components name, and waits for nothing', () => {
    expect(unit).toBeDefined();
    expect(unit.dependsOn ?? []).toEqual([]);
    expect(objects).toHaveLength(2);
  });

  it('fetches the operator repository at a pinned release tag, keeping only the CRD directory', () => {
    expect(() => repository.validate()).not.toThrow();
    expect(repository.spec?.url).toBe('https://github.com/prometheus-operator/prometheus-operator');
    expect(repository.spec?.ref).toEqual({ tag: prometheusOperatorSource.tag });
    expect(prometheusOperatorSource.tag).toMatch(/^v0\.[0-9]+\.[0-9]+$/);
    expect(repository.spec?.ignore).toBe('/*\n!/example/\n/example/*\n!/example/prometheus-operator-crd/\n');
  });

  it('applies the CRDs from that repository, waits for them and never prunes them', () => {
    expect(() => kustomization.validate()).not.toThrow();
    expect(kustomization.spec?.sourceRef).toEqual({ kind: 'GitRepository', name: repository.metadata?.name });
    expect(kustomization.spec?.path).toBe('./example/prometheus-operator-crd');
    expect(kustomization.spec?.prune).toBe(false);
    expect(kustomization.spec?.wait).toBe(true);
    expect(kustomization.metadata?.namespace).toBe('flux-system');
    expect(repository.metadata?.namespace).toBe('flux-system');
  });
});

describe('onlyDirectory', () => {
  it('re-includes every level down to the kept directory (git cannot re-include below an excluded parent)', () => {
    expect(onlyDirectory('deploy')).toBe('/*\n!/deploy/\n');
    expect(onlyDirectory('a/b/c')).toBe('/*\n!/a/\n/a/*\n!/a/b/\n/a/b/*\n!/a/b/c/\n');
  });
});

describe('onlyDirectory, read by git', () => {
  it('leaves exactly the files of the kept directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'o4g-ignore-'));
    const kept = ['example/prometheus-operator-crd/kustomization.yaml', 'example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml'];
    const files = ['README.md', 'example/other/x.yaml', 'pkg/api.go', ...kept];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), 'x\n');
    }
    writeFileSync(join(root, 'ignore'), onlyDirectory(prometheusOperatorSource.path));
    expect(spawnSync('git', ['init', '-q'], { cwd: root }).status).toBe(0);
    const listed = spawnSync('git', ['ls-files', '--others', '--exclude-from=ignore', '--', ...files], { cwd: root, encoding: 'utf8' });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout.trim().split('\n').sort()).toEqual(kept);
  });
});
