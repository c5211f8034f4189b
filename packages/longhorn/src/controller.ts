import type { Environment } from '@open4goods/environments';
import { renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { longhornChart } from './charts.ts';
import type { LonghornValues } from './longhorn-values.ts';
import { longhornNamespace, longhornReleaseName } from './names.ts';
import { replicaPlan } from './replicas.ts';
import { maxRetentionSetting, recurringSchedule } from './schedule.ts';

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
    persistence: { createStorageClass: false },
    preUpgradeChecker: { jobEnabled: false },
    csi: {
      attacherReplicaCount: controllers,
      provisionerReplicaCount: controllers,
      resizerReplicaCount: controllers,
      snapshotterReplicaCount: controllers,
    },
    defaultSettings: {
      defaultReplicaCount: JSON.stringify({ v1: String(replicas.database), v2: String(replicas.database) }),
      replicaSoftAntiAffinity: replicas.softAntiAffinity,
      storageReservedPercentageForDefaultDisk: environment.storage.reservedPercentageForDefaultDisk,
      defaultDataLocality: 'best-effort',
      ...(maxRetention !== undefined ? { recurringJobMaxRetention: maxRetention } : {}),
      upgradeChecker: false,
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
  });
}

export function renderLonghornController(environment: Environment) {
  return [renderLonghornNamespace(), renderChartSource(longhornChart, longhornNamespace), renderLonghornRelease(environment)];
}
