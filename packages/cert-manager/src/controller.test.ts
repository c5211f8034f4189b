import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import { loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import type { CertManagerValues } from './cert-manager-values.ts';
import { certManagerWorkloads } from './controller.ts';
import certManager from './index.ts';

describe('cert-manager units', () => {
  it('applies the controller after the monitoring CRDs, and the issuers after the controller and the ingress controller', () => {
    expect(certManager.units.map((unit) => [unit.name, unit.dependsOn])).toEqual([
      ['controller', ['observability/crds']],
      ['issuers', ['controller', 'ingress/controller']],
    ]);
  });
});

describe.each(['prod', 'staging'] as const)('the cert-manager controller in %s', (name) => {
  const objects = certManager.units.find((unit) => unit.name === 'controller')!.render(loadEnvironment(name));
  const namespace = objects.find((object): object is Namespace => object instanceof Namespace)!;
  const repository = objects.find((object): object is OCIRepository => object instanceof OCIRepository)!;
  const release = objects.find((object): object is HelmRelease => object instanceof HelmRelease)!;
  const values = release.spec!.values as unknown as CertManagerValues;

  it('runs in a restricted namespace', () => {
    expect(namespace.metadata?.name).toBe('cert-manager');
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('comes from the OCI registry the chart is published to, pinned, through an OCIRepository', () => {
    expect(() => repository.validate()).not.toThrow();
    expect(repository.spec?.url).toBe('oci://quay.io/jetstack/charts/cert-manager');
    expect(repository.spec?.ref?.tag).toMatch(/^v1\.[0-9]+\.[0-9]+$/);
    expect(repository.spec?.layerSelector).toEqual({ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' });
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chartRef).toEqual({ kind: 'OCIRepository', name: 'cert-manager', namespace: 'cert-manager' });
  });

  it('installs and keeps its CRDs, and retries failed installs and upgrades', () => {
    expect(values.crds).toEqual({ enabled: true, keep: true });
    expect(release.spec?.install?.crds).toBe('CreateReplace');
    expect(release.spec?.install?.remediation?.retries).toBeGreaterThan(0);
    expect(release.spec?.upgrade?.remediation?.remediateLastFailure).toBe(true);
  });

  it('creates its ServiceMonitor', () => {
    expect(values.prometheus).toEqual({ enabled: true, servicemonitor: { enabled: true } });
  });

  it("labels each of the chart's pods and fixes the webhook port, as NetworkPolicies select them", () => {
    expect(values.podLabels).toEqual({ 'open4goods.org/workload': 'cert-manager-controller' });
    expect(values.webhook).toEqual({ podLabels: { 'open4goods.org/workload': 'cert-manager-webhook' }, securePort: 10250 });
    expect(values.cainjector.podLabels).toEqual({ 'open4goods.org/workload': 'cert-manager-cainjector' });
    expect(values.startupapicheck.podLabels).toEqual({ 'open4goods.org/workload': 'cert-manager-startupapicheck' });
    const workloads = certManagerWorkloads(loadEnvironment(name));
    expect(workloads.map((workload) => [workload.name, workload.namespace, workload.podLabels, workload.callsKubernetesApi])).toEqual([
      ['cert-manager-controller', 'cert-manager', values.podLabels, true],
      ['cert-manager-webhook', 'cert-manager', values.webhook.podLabels, true],
      ['cert-manager-cainjector', 'cert-manager', values.cainjector.podLabels, true],
      ['cert-manager-startupapicheck', 'cert-manager', values.startupapicheck.podLabels, true],
      ['acme-http01-solver', `open4goods-${name}`, { 'open4goods.org/workload': 'acme-http01-solver' }, false],
    ]);
    expect(workloads.find((workload) => workload.name === 'cert-manager-webhook')!.ports).toEqual([
      { name: 'https', port: values.webhook.securePort, protocol: 'TCP' },
      { name: 'http-metrics', port: 9402, protocol: 'TCP' },
    ]);
    expect(workloads.find((workload) => workload.name === 'acme-http01-solver')!.ports).toEqual([{ name: 'http', port: 8089, protocol: 'TCP' }]);
  });
});

describe.runIf(referenceAvailable('charts/cert-manager/values.yaml'))('cert-manager values against the chart v1.21 defaults and schema', () => {
  it('sets only keys of the chart, and the merged values pass its schema', () => {
    const release = certManager.units[0]!.render(loadEnvironment('prod')).find((object): object is HelmRelease => object instanceof HelmRelease)!;
    expect(chartValuesProblems('cert-manager', release.spec!.values)).toEqual([]);
  });

  it('would catch the deprecated installCRDs spelled wrong, twice: not a key, and refused by the schema', () => {
    const problems = chartValuesProblems('cert-manager', { installCRD: true });
    expect(problems).toContain('not a key of the cert-manager chart: installCRD');
    expect(problems.some((problem) => problem.startsWith('refused by the cert-manager values schema') && problem.includes('installCRD'))).toBe(true);
  });
});
