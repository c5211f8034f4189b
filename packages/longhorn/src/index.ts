import { defineComponent } from '@open4goods/kit';
import { encryptionWarnings, longhornSecretRequirements, renderBackupTarget, renderRecurringJobs } from './backups.ts';
import { renderLonghornController } from './controller.ts';
import { replicaWarnings } from './replicas.ts';
import { renderDatabaseStorageClass, renderGeneralStorageClass } from './storage-classes.ts';
import { longhornWorkloads } from './workloads.ts';

export * from './names.ts';
export { longhornChart } from './charts.ts';
export type { LonghornValues } from './longhorn-values.ts';
export type { BackupTarget, RecurringJob } from './longhorn-crds.ts';
export { backupJobName, longhornRecurringJobNames, snapshotJobName } from './backups.ts';
export { recurringSchedule } from './schedule.ts';
export { replicaPlan } from './replicas.ts';

/**
 * Longhorn, the storage of every persistent volume: the controller (chart, CRDs, settings), then
 * the StorageClasses (`config`), and the S3 backup target with the recurring snapshot and backup
 * jobs (`backups`), which need the CRDs the controller installs. Backups are their own unit so a
 * missing S3 credential fails loudly there without keeping every volume from being provisioned.
 */
export default defineComponent({
  name: 'longhorn',
  layer: 'infra',
  sourceDirectory: 'packages/longhorn',
  units: [
    {
      name: 'controller',
      // The chart creates a ServiceMonitor.
      dependsOn: ['observability/crds'],
      render: renderLonghornController,
      // Images are large and every node runs the manager and the CSI plugin.
      timeout: '20m',
    },
    {
      name: 'config',
      dependsOn: ['controller'],
      render: (environment) => [renderGeneralStorageClass(environment), renderDatabaseStorageClass(environment)],
    },
    {
      name: 'backups',
      dependsOn: ['controller'],
      render: (environment) => [renderBackupTarget(environment), ...renderRecurringJobs(environment)],
    },
  ],
  secrets: longhornSecretRequirements,
  warnings: (environment) => [...replicaWarnings(environment), ...encryptionWarnings(environment)],
  chartWorkloads: longhornWorkloads,
});
