import type { Environment } from '@open4goods/environments';
import { type PostRenderPatch, keptByHelm, renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { longhornChart } from './charts.ts';
import type { LonghornValues } from './longhorn-values.ts';
import { longhornNamespace, longhornPodLabels, longhornReleaseName } from './names.ts';
import { maintenanceSettings } from './maintenance-settings.ts';
import { replicaPlan } from './replicas.ts';
import { maxRetentionSetting, recurringSchedule } from './schedule.ts';

/**
 * The chart's Helm hook Jobs (post-upgrade, pre-delete) call the API with the manager's
 * ServiceAccount, but their pods carry only the labels every Longhorn pod has: their own label
 * lets a NetworkPolicy give them, and only them, the API egress their hook needs. Helm 4
 * post-renders hooks too (helm/helm#13154), so helm-controller applies these.
 */
const hookJobLabelPatches: readonly PostRenderPatch[] = [
  { job: 'longhorn-post-upgrade', labels: longhornPodLabels.postUpgrade },
  { job: 'longhorn-uninstall', labels: longhornPodLabels.uninstall },
].map(({ job, labels }) => ({ target: { group: 'batch', version: 'v1', kind: 'Job', name: job }, patch: { spec: { template: { metadata: { labels } } } } }));

/**
 * What the chart renders unconditionally and a security-first operator removes:
 * - a standing cluster-admin grant to the support-bundle ServiceAccount, whose pods exist only
 *   while an operator generates a support bundle (the operator can bind it for that time);
 * - the UI's API token: the UI serves static files and proxies to longhorn-backend, and its
 *   ServiceAccount is granted nothing;
 * and what it leaves out: its CRDs are chart templates without Helm's keep policy, so removing
 * the release (a pruned HelmRelease, an install remediation) would delete every Longhorn volume,
 * replica and backup record with them. The chart has no value for their annotations.
 */
export const longhornPostRenderPatches: readonly PostRenderPatch[] = [
  { target: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', name: 'longhorn-support-bundle' }, patch: { $patch: 'delete' } },
  { target: { group: 'apps', version: 'v1', kind: 'Deployment', name: 'longhorn-ui' }, patch: { spec: { template: { spec: { automountServiceAccountToken: false } } } } },
  { target: { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }, patch: { metadata: { annotations: keptByHelm } } },
  ...hookJobLabelPatches,
];

/** Why longhorn-system cannot be `restricted`; written on the Namespace itself. */
export const longhornPodSecurityExemption =
  'Longhorn is block storage: longhorn-manager, the CSI plugin and the instance managers run privileged, ' +
  'with host paths (/dev, /proc, /var/lib/longhorn) and mount propagation, to attach disks on each node.';

export function renderLonghornNamespace() {
  return renderNamespace(longhornNamespace, { level: 'privileged', exemptionReason: longhornPodSecurityExemption }, 'storage');
}

/** The chart values for an environment: replicas from the node count, retention from the decisions. */
export function longhornValues(environment: Environment): LonghornValues {
  const replicas = replicaPlan(environment);
  const maxRetention = maxRetentionSetting(recurringSchedule(environment));
  const controllers = Math.min(3, environment.cluster.nodeCount);
  return {
    networkPolicies: { enabled: false, restrictInternalTraffic: false },
    persistence: { createStorageClass: false },
    preUpgradeChecker: { jobEnabled: false },
    csi: {
      attacherReplicaCount: controllers,
      provisionerReplicaCount: controllers,
      resizerReplicaCount: controllers,
      snapshotterReplicaCount: controllers,
    },
    defaultSettings: {
      // The specification's default (2, capped by the nodes): volumes created outside our
      // StorageClasses; longhorn-db sets its own count.
      defaultReplicaCount: JSON.stringify({ v1: String(replicas.general), v2: String(replicas.general) }),
      replicaSoftAntiAffinity: replicas.softAntiAffinity,
      storageReservedPercentageForDefaultDisk: environment.storage.reservedPercentageForDefaultDisk,
      defaultDataLocality: 'best-effort',
      ...(maxRetention !== undefined ? { recurringJobMaxRetention: maxRetention } : {}),
      upgradeChecker: false,
      ...maintenanceSettings(environment),
    },
    longhornUI: { replicas: 1 },
    metrics: { serviceMonitor: { enabled: true } },
  };
}

/** Longhorn's CRDs are chart templates, upgraded with the release; CreateReplace covers a future crds/ directory. */
export function renderLonghornRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<LonghornValues>({
    name: longhornReleaseName,
    namespace: longhornNamespace,
    chart: longhornChart,
    values: longhornValues(environment),
    timeout: '15m',
    postRenderPatches: longhornPostRenderPatches,
  });
}

export function renderLonghornController(environment: Environment) {
  return [renderLonghornNamespace(), renderChartSource(longhornChart, longhornNamespace), renderLonghornRelease(environment)];
}
