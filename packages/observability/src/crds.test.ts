import { loadEnvironment } from '@open4goods/environments';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { describe, expect, it } from 'vitest';
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
    expect(repository.spec?.ignore).toBe('/*\n!/example/prometheus-operator-crd/\n');
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
