import type { Environment } from '@open4goods/environments';
import type { ChartWorkload, WorkloadPort } from '@open4goods/kit';
import { longhornRecurringJobNames } from './backups.ts';
import {
  longhornInstanceManagerDataPorts,
  longhornInstanceManagerServicePorts,
  longhornManagerPorts,
  longhornNamespace,
  longhornPodLabels,
  longhornRecurringJobPodLabels,
  longhornUiPort,
} from './names.ts';

/**
 * Longhorn's pods as NetworkPolicies and the connectivity matrix see them: those of the chart
 * (manager, UI, driver deployer), those the driver deployer creates (CSI plugin and sidecars),
 * and those longhorn-manager creates (instance managers, engine images, the CronJob pods of our
 * RecurringJobs). Share managers and backing-image managers are left out: the platform uses
 * neither ReadWriteMany volumes nor backing images.
 */
export function longhornWorkloads(environment: Environment): ChartWorkload[] {
  const pod = (name: string, podLabels: Readonly<Record<string, string>>, ports: readonly WorkloadPort[], callsKubernetesApi: boolean): ChartWorkload => ({
    name,
    namespace: longhornNamespace,
    podLabels,
    ports,
    callsKubernetesApi,
  });
  return [
    pod('longhorn-manager', longhornPodLabels.manager, Object.values(longhornManagerPorts), true),
    pod('longhorn-ui', longhornPodLabels.ui, [longhornUiPort], false),
    pod('longhorn-driver-deployer', longhornPodLabels.driverDeployer, [], true),
    pod('longhorn-csi-plugin', longhornPodLabels.csiPlugin, [], true),
    pod('csi-attacher', longhornPodLabels.csiAttacher, [], true),
    pod('csi-provisioner', longhornPodLabels.csiProvisioner, [], true),
    pod('csi-resizer', longhornPodLabels.csiResizer, [], true),
    pod('csi-snapshotter', longhornPodLabels.csiSnapshotter, [], true),
    pod('instance-manager', longhornPodLabels.instanceManager, [longhornInstanceManagerServicePorts, longhornInstanceManagerDataPorts], false),
    pod('engine-image', longhornPodLabels.engineImage, [], false),
    // The chart's hook Jobs: post-upgrade migrates settings, pre-delete removes Longhorn's objects.
    pod('longhorn-post-upgrade', longhornPodLabels.postUpgrade, [], true),
    pod('longhorn-uninstall', longhornPodLabels.uninstall, [], true),
    // A recurring job reads its RecurringJob and the volumes of its group, then asks longhorn-manager to act.
    ...longhornRecurringJobNames(environment).map((job) => pod(`recurring-job-${job}`, longhornRecurringJobPodLabels(job), [], true)),
  ];
}
