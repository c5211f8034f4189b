import { describe, expect, it } from 'vitest';
import { podSecurityExemptionAnnotation, podSecurityVersion, renderNamespace, type PodSecurityLevel } from './namespace.ts';

const podSecurityModes = ['enforce', 'audit', 'warn'] as const;

function expectPodSecurityLabels(labels: Record<string, string> | undefined, level: PodSecurityLevel): void {
  for (const mode of podSecurityModes) {
    expect(labels?.[`pod-security.kubernetes.io/${mode}`]).toBe(level);
    expect(labels?.[`pod-security.kubernetes.io/${mode}-version`]).toBe('v1.37');
  }
}

describe('renderNamespace', () => {
  it('renders a valid restricted Namespace whose enforce, audit and warn levels are equal', () => {
    const namespace = renderNamespace('open4goods-prod', { level: 'restricted' }, 'apps');
    expect(() => namespace.validate()).not.toThrow();
    expect(namespace.apiVersion).toBe('v1');
    expect(namespace.kind).toBe('Namespace');
    expect(namespace.metadata?.name).toBe('open4goods-prod');
    expectPodSecurityLabels(namespace.metadata?.labels, 'restricted');
  });

  it('carries the standard labels', () => {
    const labels = renderNamespace('open4goods-prod', { level: 'restricted' }, 'apps').metadata?.labels;
    expect(labels).toMatchObject({
      'app.kubernetes.io/name': 'open4goods-prod',
      'app.kubernetes.io/instance': 'open4goods-prod',
      'app.kubernetes.io/component': 'apps',
      'app.kubernetes.io/part-of': 'open4goods',
      'app.kubernetes.io/managed-by': 'o4g',
    });
  });

  it('has no exemption annotation when restricted, and Flux never prunes it (its volumes would go with it)', () => {
    const namespace = renderNamespace('open4goods-prod', { level: 'restricted' }, 'apps');
    expect(namespace.metadata?.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
  });

  it.each(['baseline', 'privileged'] as const)('renders a %s Namespace with its exemption reason as an annotation', (level) => {
    const reason = 'the CSI node plugin mounts host paths';
    const namespace = renderNamespace('storage', { level, exemptionReason: reason }, 'storage');
    expect(() => namespace.validate()).not.toThrow();
    expectPodSecurityLabels(namespace.metadata?.labels, level);
    expect(podSecurityExemptionAnnotation).toBe('open4goods.org/pod-security-exemption');
    expect(namespace.metadata?.annotations).toEqual({ 'kustomize.toolkit.fluxcd.io/prune': 'disabled', 'open4goods.org/pod-security-exemption': reason });
  });

  it.each([
    ['baseline', ''],
    ['privileged', '   '],
  ] as const)('refuses a %s level with the blank reason %j', (level, exemptionReason) => {
    expect(() => renderNamespace('storage', { level, exemptionReason }, 'storage')).toThrow(
      `namespace storage: Pod Security level "${level}" needs an exemption reason`,
    );
  });
});

describe('podSecurityVersion', () => {
  it("is the version of the upstream fixtures the build's Pod Security checker is tested against, and of the clusters", async () => {
    const { podSecurityAdmissionModule } = await import('./reference-data.ts');
    expect(podSecurityVersion).toBe(podSecurityAdmissionModule.fixtureVersion);
    // k8s.io/pod-security-admission v0.<minor>.x is Kubernetes 1.<minor>.
    expect(podSecurityAdmissionModule.version.split('.')[1]).toBe(podSecurityVersion.split('.')[1]);
  });
});
