import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import observability from './index.ts';
import { alloyConfiguration, alloyValues, lokiUrl, lokiValues } from './logs.ts';
import { metricsServerValues } from './metrics-server.ts';
import { kubePrometheusStackValues } from './stack.ts';

const logsUnit = observability.units.find((unit) => unit.name === 'logs')!;
const prod = loadEnvironment('prod');
const staging = loadEnvironment('staging');

describe('logs are an option of each environment', () => {
  it('are off by default and in prod: the unit renders nothing and Grafana gets no Loki data source', () => {
    expect(prod.observability.logs.enabled).toBe(false);
    expect(logsUnit.render(prod)).toEqual([]);
    expect(kubePrometheusStackValues(prod).grafana.additionalDataSources).toEqual([]);
  });

  it('are on in staging: Loki from grafana-community and its collector, with the Loki data source in Grafana', () => {
    const objects = logsUnit.render(staging);
    const repositories = objects.filter((object): object is HelmRepository => object instanceof HelmRepository);
    const releases = objects.filter((object): object is HelmRelease => object instanceof HelmRelease);
    expect(repositories.map((repository) => repository.spec?.url)).toEqual(['https://grafana-community.github.io/helm-charts', 'https://grafana.github.io/helm-charts']);
    expect(releases.map((release) => [release.metadata?.name, release.spec?.chart?.spec.chart])).toEqual([['loki', 'loki'], ['alloy', 'alloy']]);
    for (const release of releases) expect(() => release.validate()).not.toThrow();
    expect(kubePrometheusStackValues(staging).grafana.additionalDataSources).toEqual([{ name: 'Loki', uid: 'loki', type: 'loki', access: 'proxy', url: lokiUrl, editable: false }]);
  });
});

describe('Loki', () => {
  const values = lokiValues(staging);

  it('is one single binary on a longhorn volume, with filesystem storage, one replica and the retention of the environment', () => {
    expect(values.deploymentMode).toBe('Monolithic');
    expect(values.singleBinary).toMatchObject({ replicas: 1, persistence: { storageClass: 'longhorn', size: '10Gi' } });
    expect(values.loki.commonConfig.replication_factor).toBe(1);
    expect(values.loki.storage.type).toBe('filesystem');
    expect(values.loki.structuredConfig.limits_config.retention_period).toBe('168h');
    expect(values.loki.compactor.retention_enabled).toBe(true);
  });

  it('runs without caches, canary, gateway or Helm test on one node', () => {
    expect([values.chunksCache.enabled, values.resultsCache.enabled, values.lokiCanary.enabled, values.gateway.enabled, values.test.enabled]).toEqual([false, false, false, false, false]);
  });
});

describe('the log collector (Grafana Alloy)', () => {
  const values = alloyValues(staging);

  it('reads pod logs through the Kubernetes API and pushes them to Loki, labelled with the cluster', () => {
    const configuration = alloyConfiguration(staging);
    expect(configuration).toContain('loki.source.kubernetes "pods"');
    expect(configuration).toContain(`url = "${lokiUrl}/loki/api/v1/push"`);
    expect(configuration).toContain('external_labels = { cluster = "staging" }');
    expect(values.alloy.configMap.content).toBe(configuration);
  });

  it('needs no host access: a non-root Deployment with no host log mounts, restricted-compatible', () => {
    expect(values.controller.type).toBe('deployment');
    expect(values.alloy.mounts).toMatchObject({ varlog: false, dockercontainers: false });
    expect(values.global.podSecurityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const context of [values.alloy.securityContext, values.configReloader.securityContext]) {
      expect(context).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
    expect(values.alloy.enableReporting).toBe(false);
  });
});

describe.runIf(referenceAvailable('charts/loki/values.yaml'))('Loki values against the chart 18.11.0 defaults and schema', () => {
  // Compiling Loki's large schema takes seconds on a loaded machine: a limit, not a verdict.
  it('every key set is a key of the chart and the merged values pass its schema', () => {
    expect(chartValuesProblems('loki', lokiValues(staging))).toEqual([]);
  }, 60_000);
});

// The Alloy chart is not in shared/reference, so its values are not checked against the chart
// here (a test that can never run is no test); its keys were checked by hand (docs/architecture.md).

describe('metrics-server', () => {
  it('exposes its own metrics with a ServiceMonitor, and verifies kubelet certificates unless the environment says otherwise', () => {
    expect(metricsServerValues(prod)).toEqual({ args: [], metrics: { enabled: true }, serviceMonitor: { enabled: true }, podLabels: { 'open4goods.org/workload': 'metrics-server' } });
    const insecure = defineEnvironment('prod', prod.sourceFile, { observability: { metricsServer: { kubeletInsecureTls: true } } }, prod);
    expect(metricsServerValues(insecure).args).toEqual(['--kubelet-insecure-tls']);
  });

  it.runIf(referenceAvailable('charts/metrics-server/values.yaml'))('sets only keys of the chart 3.13.1', () => {
    expect(chartValuesProblems('metrics-server', metricsServerValues(prod))).toEqual([]);
  });
});
