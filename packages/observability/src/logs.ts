import { type Environment, parseDurationSeconds } from '@open4goods/environments';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { type KubernetesObject, hardenedContainerSecurityContext, hardenedPodSecurityContext, renderChartSource, renderHelmRelease, resourceRequirements, storageClassNames } from '@open4goods/kit';
import type { AlloyValues } from './alloy-values.ts';
import { alloyChart, lokiChart } from './charts.ts';
import type { GrafanaDataSource } from './kube-prometheus-stack-values.ts';
import type { LokiValues } from './loki-values.ts';
import { logCollectorReleaseName, lokiReleaseName, observabilityNamespace } from './names.ts';
import { observabilityPodLabels } from './workloads.ts';

/** Loki's HTTP port; with the gateway off, clients talk to the single binary's Service directly. */
export const lokiHttpPort = 3100;
/** The Service of Loki's single binary (the chart names it after the release). */
export const lokiServiceName = lokiReleaseName;
export const lokiUrl = `http://${lokiServiceName}.${observabilityNamespace}.svc:${lokiHttpPort}`;
export const lokiDataSourceUid = 'loki';

/** The image's own `alloy` user (grafana/alloy Dockerfile). */
export const alloyUid = 473;
const alloyStoragePath = '/var/lib/alloy/data';

/** Grafana's data source for Loki, provisioned with the stack when logs are on. */
export function lokiDataSource(): GrafanaDataSource {
  return { name: 'Loki', uid: lokiDataSourceUid, type: 'loki', access: 'proxy', url: lokiUrl, editable: false };
}

/** Loki durations are Prometheus durations; hours are the unit every Loki version reads. */
function lokiDuration(duration: string): string {
  return `${parseDurationSeconds(duration)! / 3600}h`;
}

/**
 * One single-binary Loki on a `longhorn` volume: filesystem chunks, one replica, retention by the
 * compactor. Caches, canary, gateway and the Helm test are off: they cost memory a one-node
 * cluster does not have and add nothing with one writer and one reader.
 */
export function lokiValues(environment: Environment): LokiValues {
  const { logs } = environment.observability;
  return {
    deploymentMode: 'Monolithic',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: 'filesystem' },
      schemaConfig: { configs: [{ from: '2025-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }] },
      structuredConfig: { limits_config: { retention_period: lokiDuration(logs.retention) } },
      compactor: { retention_enabled: true, delete_request_store: 'filesystem' },
    },
    singleBinary: {
      replicas: 1,
      podLabels: observabilityPodLabels.loki,
      persistence: { storageClass: storageClassNames.general, size: logs.storageSize },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    },
    // Monolithic means these are 0: the chart keeps its simple-scalable defaults (3 each) otherwise
    // and its validate.yaml refuses the release.
    backend: { replicas: 0 },
    read: { replicas: 0 },
    write: { replicas: 0 },
    gateway: { enabled: false },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
  };
}

/**
 * Alloy's pipeline: every pod's container logs, read through the Kubernetes API
 * (`loki.source.kubernetes`), labelled with namespace, pod, container and app, pushed to Loki.
 * Reading through the API needs no host path, so the collector runs as a non-root Deployment
 * under Pod Security `restricted` instead of a privileged DaemonSet.
 */
export function alloyConfiguration(environment: Environment): string {
  const relabel = (source: string, target: string) => ['  rule {', `    source_labels = ["${source}"]`, `    target_label  = "${target}"`, '  }'];
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '}',
    '',
    'discovery.relabel "pods" {',
    '  targets = discovery.kubernetes.pods.targets',
    ...relabel('__meta_kubernetes_namespace', 'namespace'),
    ...relabel('__meta_kubernetes_pod_name', 'pod'),
    ...relabel('__meta_kubernetes_pod_container_name', 'container'),
    ...relabel('__meta_kubernetes_pod_label_app_kubernetes_io_name', 'app'),
    '}',
    '',
    'loki.source.kubernetes "pods" {',
    '  targets    = discovery.relabel.pods.output',
    '  forward_to = [loki.write.default.receiver]',
    '}',
    '',
    'loki.write "default" {',
    '  endpoint {',
    `    url = "${lokiUrl}/loki/api/v1/push"`,
    '  }',
    `  external_labels = { cluster = "${environment.name}" }`,
    '}',
    '',
  ].join('\n');
}

export function alloyValues(environment: Environment): AlloyValues {
  const containerSecurity = hardenedContainerSecurityContext();
  return {
    crds: { create: false },
    global: { podSecurityContext: hardenedPodSecurityContext({ runAsUser: alloyUid }) },
    alloy: {
      configMap: { create: true, content: alloyConfiguration(environment) },
      storagePath: alloyStoragePath,
      enableReporting: false,
      mounts: { varlog: false, dockercontainers: false, extra: [{ name: 'data', mountPath: alloyStoragePath }] },
      securityContext: containerSecurity,
      resources: resourceRequirements({ requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } }),
    },
    configReloader: { securityContext: containerSecurity },
    controller: { type: 'deployment', replicas: 1, podLabels: observabilityPodLabels.alloy, volumes: { extra: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }] } },
    serviceMonitor: { enabled: true },
  };
}

export function renderLokiRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<LokiValues>({ name: lokiReleaseName, namespace: observabilityNamespace, chart: lokiChart, values: lokiValues(environment), crdsPolicy: 'Skip' });
}

export function renderLogCollectorRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<AlloyValues>({ name: logCollectorReleaseName, namespace: observabilityNamespace, chart: alloyChart, values: alloyValues(environment), crdsPolicy: 'Skip' });
}

/** Loki and its collector when the environment turns logs on; nothing otherwise. */
export function renderLogs(environment: Environment): KubernetesObject[] {
  if (!environment.observability.logs.enabled) return [];
  return [
    renderChartSource(lokiChart, observabilityNamespace),
    renderLokiRelease(environment),
    renderChartSource(alloyChart, observabilityNamespace),
    renderLogCollectorRelease(environment),
  ];
}
