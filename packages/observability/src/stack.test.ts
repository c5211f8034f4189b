import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { podSecurityExemptionAnnotation, storageClassNames } from '@open4goods/kit';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import { kubePrometheusStackChart, operatorReleaseOfStackChart } from './charts.ts';
import observability from './index.ts';
import type { KubePrometheusStackValues } from './kube-prometheus-stack-values.ts';
import { prometheusOperatorSource } from './sources.ts';
import { kubePrometheusStackValues, prometheusRetentionSize } from './stack.ts';

const unit = (name: string) => observability.units.find((candidate) => candidate.name === name)!;

function stackObjects(environment: Environment) {
  const objects = unit('stack').render(environment);
  const namespaces = objects.filter((object): object is Namespace => object instanceof Namespace);
  const release = objects.find((object): object is HelmRelease => object instanceof HelmRelease)!;
  return { namespaces, release, values: release.spec!.values as unknown as KubePrometheusStackValues };
}

describe('the observability units', () => {
  it("install the CRDs first, then metrics-server and the stack (after storage), then alerts, Flux's alerts and logs", () => {
    expect(observability.units.map((candidate) => [candidate.name, candidate.dependsOn ?? []])).toEqual([
      ['crds', []],
      ['metrics-server', ['crds']],
      ['stack', ['crds', 'longhorn/config']],
      ['alerts', ['stack']],
      ['flux-alerts', ['stack']],
      ['logs', ['stack', 'longhorn/config']],
    ]);
  });

  it('keep the CRDs of the operator the chart deploys (a chart bump must move the CRD tag with it)', () => {
    expect(operatorReleaseOfStackChart[kubePrometheusStackChart.version]).toBe(prometheusOperatorSource.tag);
  });
});

describe.each(['prod', 'staging'] as const)('the monitoring stack in %s', (name) => {
  const environment = loadEnvironment(name);
  const { namespaces, release, values } = stackObjects(environment);
  const spec = values.prometheus.prometheusSpec;

  it('runs in a restricted namespace, with node-exporter alone in a privileged one that says why', () => {
    const [observabilityNamespace, nodeExporterNamespace] = namespaces;
    expect(observabilityNamespace!.metadata?.name).toBe('observability');
    expect(observabilityNamespace!.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(nodeExporterNamespace!.metadata?.name).toBe('observability-node');
    expect(nodeExporterNamespace!.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(nodeExporterNamespace!.metadata?.annotations?.[podSecurityExemptionAnnotation]).toMatch(/hostNetwork and hostPID.*hostPath/);
    expect(values['prometheus-node-exporter'].namespaceOverride).toBe('observability-node');
  });

  it('installs kube-prometheus-stack 88.x, leaving the CRDs to the crds unit', () => {
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chart?.spec).toMatchObject({ chart: 'kube-prometheus-stack', version: '88.5.3', sourceRef: { kind: 'HelmRepository', name: 'prometheus-community' } });
    expect(values.crds.enabled).toBe(false);
    expect(release.spec?.install?.crds).toBe('Skip');
    expect(release.spec?.upgrade?.crds).toBe('Skip');
  });

  it('keeps samples for the retention on a longhorn volume, capped at 85% of it', () => {
    expect(spec.retention).toBe(environment.observability.prometheus.retention);
    expect(spec.storageSpec.volumeClaimTemplate.spec).toEqual({
      storageClassName: storageClassNames.general,
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: environment.observability.prometheus.storageSize } },
    });
    expect(spec.retentionSize).toBe('17408MB');
    expect(values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName).toBe('longhorn');
  });

  it('turns off the control-plane scrapers that fail on one node, and their rules', () => {
    for (const scraper of ['kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'kubeEtcd'] as const) expect(values[scraper].enabled, scraper).toBe(false);
    expect(values.defaultRules.rules).toEqual({ etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false, windows: false });
  });

  it('replaces the default alerts the platform rewrites with its own runbooks', () => {
    expect(Object.keys(values.defaultRules.disabled).sort()).toEqual([
      'KubeNodeNotReady',
      'KubePersistentVolumeErrors',
      'KubePersistentVolumeFillingUp',
      'KubePodCrashLooping',
      'KubePodNotReady',
      'NodeFilesystemAlmostOutOfSpace',
    ]);
  });

  it('selects monitors and rules of every namespace, not only those labelled for the release', () => {
    expect(spec.ruleSelectorNilUsesHelmValues).toBe(false);
    expect(spec.serviceMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.podMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(spec.probeSelectorNilUsesHelmValues).toBe(false);
    expect(spec.scrapeConfigSelectorNilUsesHelmValues).toBe(false);
    expect([spec.ruleNamespaceSelector, spec.serviceMonitorNamespaceSelector, spec.podMonitorNamespaceSelector]).toEqual([{}, {}, {}]);
  });

  it('labels every series with the cluster', () => {
    expect(spec.externalLabels).toEqual({ cluster: name });
  });

  it("takes Grafana's admin account from a Secret, never from the values", () => {
    expect(values.grafana.admin).toEqual({ existingSecret: 'grafana-admin-credentials', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(JSON.stringify(values.grafana)).not.toMatch(/adminPassword/);
    const secrets = observability.secrets!(environment);
    expect(secrets.find((secret) => secret.name === 'grafana-admin-credentials')).toMatchObject({ unit: 'stack', namespace: 'observability', keys: [{ name: 'admin-user' }, { name: 'admin-password' }] });
  });

  it('loads dashboards from ConfigMaps labelled grafana_dashboard=1 in its namespace', () => {
    expect(values.grafana.sidecar.dashboards).toEqual({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'observability' });
  });
});

describe('prometheusRetentionSize', () => {
  it('leaves 15% of the volume free, in Prometheus base-2 units', () => {
    expect(prometheusRetentionSize('20Gi')).toBe('17408MB');
    expect(prometheusRetentionSize('1Gi')).toBe('870MB');
  });
  it('refuses what is not a quantity', () => {
    expect(() => prometheusRetentionSize('20 GB')).toThrow(/not a quantity/);
  });
});

describe.runIf(referenceAvailable('charts/kube-prometheus-stack/values.yaml'))('kube-prometheus-stack values against the chart 88.5.3 defaults', () => {
  it.each(['prod', 'staging'] as const)('every key set in %s is a key of the chart', (name) => {
    expect(chartValuesProblems('kube-prometheus-stack', kubePrometheusStackValues(loadEnvironment(name)))).toEqual([]);
  });

  it('holds for an e-mail receiver', () => {
    const staging = loadEnvironment('staging');
    const email = defineEnvironment('staging', staging.sourceFile, { observability: { alertReceiver: { kind: 'email', to: 'ops@open4goods.org', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org:587', username: 'alerts' } } }, staging);
    expect(chartValuesProblems('kube-prometheus-stack', kubePrometheusStackValues(email))).toEqual([]);
  });

  it('would catch a misspelt key', () => {
    const values = kubePrometheusStackValues(loadEnvironment('prod'));
    expect(chartValuesProblems('kube-prometheus-stack', { ...values, kubeEtcdd: { enabled: false } })).toEqual(['not a key of the kube-prometheus-stack chart: kubeEtcdd']);
  });
});
