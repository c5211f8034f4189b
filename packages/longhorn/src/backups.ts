import type { Environment } from '@open4goods/environments';
import { type SecretRequirement, standardLabels } from '@open4goods/kit';
import { type BackupTarget, type RecurringJob, longhornApiVersion } from './longhorn-crds.ts';
import {
  applicationVolumesGroup,
  longhornBackupCredentialKeys,
  longhornBackupCredentialsSecretName,
  longhornBackupFolder,
  longhornBackupTargetName,
  longhornNamespace,
} from './names.ts';
import { recurringSchedule } from './schedule.ts';

/** `s3://<bucket>@<region>/<prefix>/longhorn/`: Longhorn's form of an S3 location. */
export function backupTargetUrl(environment: Environment): string {
  const { bucket, region, prefix } = environment.decisions.s3.value;
  return `s3://${bucket}@${region}/${prefix}/${longhornBackupFolder}/`;
}

export function renderBackupTarget(environment: Environment): BackupTarget {
  return {
    apiVersion: longhornApiVersion,
    kind: 'BackupTarget',
    metadata: { name: longhornBackupTargetName, namespace: longhornNamespace, labels: standardLabels({ name: 'longhorn-backup', component: 'backup' }) },
    spec: { backupTargetURL: backupTargetUrl(environment), credentialSecret: longhornBackupCredentialsSecretName, pollInterval: '300s' },
  };
}

/** The name of the backup job says how often it runs. */
export function backupJobName(intervalHours: number): string {
  return intervalHours === 24 ? 'backup-daily' : `backup-every-${intervalHours}h`;
}
export const snapshotJobName = 'snapshot-hourly';

function recurringJob(name: string, spec: Omit<RecurringJob['spec'], 'name' | 'groups' | 'concurrency'>): RecurringJob {
  return {
    apiVersion: longhornApiVersion,
    kind: 'RecurringJob',
    metadata: { name, namespace: longhornNamespace, labels: standardLabels({ name, component: 'backup' }) },
    // One volume at a time: a small cluster keeps its disk and network for the applications.
    spec: { name, groups: [applicationVolumesGroup], concurrency: 1, ...spec },
  };
}

/** Hourly local snapshots and off-site backups at the RPO's pace, for every application volume. */
export function renderRecurringJobs(environment: Environment): RecurringJob[] {
  const schedule = recurringSchedule(environment);
  return [
    recurringJob(snapshotJobName, { task: 'snapshot', cron: schedule.snapshotCron, retain: schedule.snapshotRetain, labels: { schedule: 'hourly' } }),
    recurringJob(backupJobName(schedule.backupIntervalHours), {
      task: 'backup',
      cron: schedule.backupCron,
      retain: schedule.backupRetain,
      labels: { schedule: `every-${schedule.backupIntervalHours}h` },
    }),
  ];
}

/** The names of the RecurringJobs of an environment (their CronJob pods are labelled with them). */
export function longhornRecurringJobNames(environment: Environment): string[] {
  return renderRecurringJobs(environment).map((job) => job.spec.name);
}

/** The backup target's S3 credentials; the endpoint is the decided one, written next to the keys. */
export function longhornSecretRequirements(environment: Environment): SecretRequirement[] {
  const longhornFolder = `${environment.decisions.s3.value.prefix}/${longhornBackupFolder}/`;
  return [
    {
      unit: 'backups',
      name: longhornBackupCredentialsSecretName,
      namespace: longhornNamespace,
      description: `S3 credentials of the Longhorn backup target ${backupTargetUrl(environment)}`,
      keys: [
        { name: longhornBackupCredentialKeys.accessKeyId, description: 'S3 access key with read/write on the backup prefix' },
        { name: longhornBackupCredentialKeys.secretAccessKey, description: 'its secret key' },
      ],
      fixedEntries: { [longhornBackupCredentialKeys.endpoints]: environment.decisions.s3.value.endpoint },
      // Longhorn owns its backup store (its own layout under the folder, its own retention): all of the folder, nothing outside it.
      s3Access: { bucket: environment.decisions.s3.value.bucket, list: [longhornFolder], read: [`${longhornFolder}*`], write: [`${longhornFolder}*`] },
    },
  ];
}

/** Longhorn sets no encryption header of its own: SSE-KMS has to be the bucket's default. */
export function encryptionWarnings(environment: Environment): string[] {
  const { encryption, bucket } = environment.decisions.s3.value;
  if (encryption.mode !== 'SSE-KMS') return [];
  return [
    `${environment.sourceFile} (decisions.s3.value.encryption: SSE-KMS): Longhorn cannot ask for SSE-KMS per object; ` +
      `make key ${encryption.kmsKeyId} the default encryption of bucket ${bucket}, or Longhorn backups are stored with the bucket's default.`,
  ];
}
