import { type Environment, parseByteQuantity } from '@open4goods/environments';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { type SecretRequirement, renderChartSource, renderHelmRelease, renderNamespace, resourceRequirements, storageClassNames } from '@open4goods/kit';
import { receiverSecretKeys, renderAlertmanagerConfiguration } from './alertmanager-config.ts';
import { kubePrometheusStackChart } from './charts.ts';
import type { GrafanaDataSource, KubePrometheusStackValues, VolumeClaimStorage } from './kube-prometheus-stack-values.ts';
import { lokiDataSource } from './logs.ts';
import {
  alertmanagerReceiverSecretName,
  grafanaAdminSecretKeys,
  grafanaAdminSecretName,
  grafanaDashboardLabel,
  kubePrometheusStackReleaseName,
  nodeExporterNamespace,
  observabilityNamespace,
} from './names.ts';
import { observabilityPodLabels } from './workloads.ts';

/** Why node-exporter's namespace cannot be `restricted`; written on the Namespace itself. */
export const nodeExporterPodSecurityExemption =
  "node-exporter reports the node's own CPU, memory, disks and filesystems: it runs with hostNetwork and hostPID " +
  'and mounts the host root filesystem read-only (hostPath), which only the privileged level admits. ' +
  'It is the only workload of this namespace, so everything else of the monitoring stack stays restricted.';

/**
 * Control-plane scrapers that fail on single-node distributions (k3s, kubeadm): etcd, the
 * controller manager and the scheduler listen on the node's loopback or are compiled into one
 * binary, kube-proxy may not exist. A target that can never be scraped keeps its alerts firing.
 */
export const disabledControlPlaneScrapers = ['kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'kubeEtcd'] as const;

/** The default rule groups of those components, off with them (and Windows, which the cluster has none of). */
export const disabledDefaultRuleGroups = ['etcd', 'kubeControllerManager', 'kubeSchedulerAlerting', 'kubeSchedulerRecording', 'kubeProxy', 'windows'] as const;

/** Default alerts the platform rules replace, with a runbook of this repository (see rules/). */
export const replacedDefaultAlerts = [
  'KubePodCrashLooping',
  'KubePodNotReady',
  'KubeNodeNotReady',
  'NodeFilesystemAlmostOutOfSpace',
  'KubePersistentVolumeFillingUp',
  'KubePersistentVolumeErrors',
] as const;

/** Alertmanager holds a few alerts and silences in memory. */
export const alertmanagerResources = { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } } as const;

/** Share of the Prometheus volume its samples may fill; the rest is the write-ahead log and compaction room. */
export const prometheusVolumeShare = 0.85;

/** Prometheus `retentionSize`, in its base-2 units (`MB` = MiB), from the volume size. */
export function prometheusRetentionSize(storageSize: string): string {
  const bytes = parseByteQuantity(storageSize);
  if (bytes === undefined) throw new Error(`prometheusRetentionSize: "${storageSize}" is not a quantity`);
  return `${Math.floor((bytes * prometheusVolumeShare) / 2 ** 20)}MB`;
}

function claimTemplate(size: string): VolumeClaimStorage {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: storageClassNames.general, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
    },
  };
}

export function kubePrometheusStackValues(environment: Environment): KubePrometheusStackValues {
  const { observability } = environment;
  const dataSources: GrafanaDataSource[] = observability.logs.enabled ? [lokiDataSource()] : [];
  const [dashboardLabel, dashboardLabelValue] = Object.entries(grafanaDashboardLabel)[0]!;
  return {
    crds: { enabled: false },
    defaultRules: {
      rules: Object.fromEntries(disabledDefaultRuleGroups.map((group) => [group, false])),
      disabled: Object.fromEntries(replacedDefaultAlerts.map((alert) => [alert, true])),
    },
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeProxy: { enabled: false },
    kubeEtcd: { enabled: false },
    prometheusOperator: { podLabels: observabilityPodLabels.operator },
    'prometheus-node-exporter': { namespaceOverride: nodeExporterNamespace },
    alertmanager: {
      config: renderAlertmanagerConfiguration(environment),
      alertmanagerSpec: {
        secrets: [alertmanagerReceiverSecretName],
        podMetadata: { labels: observabilityPodLabels.alertmanager },
        storage: claimTemplate(observability.alertmanager.storageSize),
        resources: resourceRequirements(alertmanagerResources),
      },
    },
    grafana: {
      admin: { existingSecret: grafanaAdminSecretName, userKey: grafanaAdminSecretKeys.user, passwordKey: grafanaAdminSecretKeys.password },
      sidecar: { dashboards: { enabled: true, label: dashboardLabel, labelValue: dashboardLabelValue, searchNamespace: observabilityNamespace } },
      additionalDataSources: dataSources,
    },
    prometheus: {
      prometheusSpec: {
        retention: observability.prometheus.retention,
        retentionSize: prometheusRetentionSize(observability.prometheus.storageSize),
        // Alerts and dashboards say which cluster they come from.
        externalLabels: { cluster: environment.name },
        storageSpec: claimTemplate(observability.prometheus.storageSize),
        resources: resourceRequirements(observability.prometheus.resources),
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        scrapeConfigSelectorNilUsesHelmValues: false,
        ruleNamespaceSelector: {},
        serviceMonitorNamespaceSelector: {},
        podMonitorNamespaceSelector: {},
      },
    },
  };
}

/** The CRDs belong to the `crds` unit (applied by Flux, upgraded with its pinned tag): the release skips them. */
export function renderKubePrometheusStackRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<KubePrometheusStackValues>({
    name: kubePrometheusStackReleaseName,
    namespace: observabilityNamespace,
    chart: kubePrometheusStackChart,
    values: kubePrometheusStackValues(environment),
    timeout: '15m',
    crdsPolicy: 'Skip',
  });
}

export function renderMonitoringStack(environment: Environment) {
  return [
    renderNamespace(observabilityNamespace, { level: 'restricted' }, 'observability'),
    renderNamespace(nodeExporterNamespace, { level: 'privileged', exemptionReason: nodeExporterPodSecurityExemption }, 'observability'),
    renderChartSource(kubePrometheusStackChart, observabilityNamespace),
    renderKubePrometheusStackRelease(environment),
  ];
}

/** Grafana's admin account and the secret part of Alertmanager's receiver, from the secret backend. */
export function stackSecretRequirements(environment: Environment, unit: string): SecretRequirement[] {
  return [
    {
      unit,
      name: grafanaAdminSecretName,
      namespace: observabilityNamespace,
      description: "Grafana's admin account",
      keys: [
        { name: grafanaAdminSecretKeys.user, description: 'admin user name' },
        { name: grafanaAdminSecretKeys.password, description: 'admin password' },
      ],
    },
    {
      unit,
      name: alertmanagerReceiverSecretName,
      namespace: observabilityNamespace,
      description: `secret part of Alertmanager's ${environment.observability.alertReceiver.kind} receiver`,
      keys: receiverSecretKeys(environment.observability),
    },
  ];
}
