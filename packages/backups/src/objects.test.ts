import { type Environment, defineEnvironment, defaultSettings, loadDefaults, loadEnvironment, locked } from '@open4goods/environments';
import type { KubernetesObject } from '@open4goods/kit';
import { mysqlCredentialsSecretName, mysqlImage, mysqlServiceName, mysqlUid } from '@open4goods/mysql';
import { xwikiAdminCredentialsSecretName, xwikiImage } from '@open4goods/xwiki';
import type { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { Job } from 'kubernetes-models/batch/v1/Job';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import backups from './index.ts';
import { backupFreshnessObjectives } from './freshness.ts';
import { rcloneImage } from './images.ts';
import {
  backupJobLabel,
  backupS3CredentialsSecretName,
  backupScriptsConfigMapName,
  mysqlBackupCronJobName,
  mysqlRestoreJobName,
  mysqlRestoreTestCronJobName,
  restoreTestS3CredentialsSecretName,
  xwikiExportCronJobName,
  xwikiRestoreJobName,
} from './names.ts';
import { renderMysqlRestoreJob, renderXwikiRestoreJob } from './restore-jobs.ts';
import { parseBackupSelector } from './s3.ts';
import { readScripts, scriptFiles, scriptsMountPath } from './scripts.ts';

const [unit] = backups.units;
const render = (environment: Environment) => unit!.render(environment) as KubernetesObject[];
const named = <T,>(objects: readonly KubernetesObject[], kind: string, name: string) => {
  const found = objects.find((object) => object.kind === kind && object.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found as unknown as T;
};
const podOf = (cronJob: CronJob) => cronJob.spec!.jobTemplate.spec!.template.spec!;
const containersOf = (pod: IIoK8sApiCoreV1PodSpec): IIoK8sApiCoreV1Container[] => [...(pod.initContainers ?? []), ...pod.containers];
const envOf = (container: IIoK8sApiCoreV1Container) => Object.fromEntries((container.env ?? []).map((variable) => [variable.name, variable.value ?? variable.valueFrom]));

const prod = loadEnvironment('prod');
const staging = loadEnvironment('staging');

describe('the backup CronJobs', () => {
  it.each([prod, staging])('are valid Kubernetes objects in $name', (environment) => {
    for (const object of render(environment)) object.validate?.();
  });

  it.each([
    [mysqlBackupCronJobName, 'mysql', 2, 14_400],
    [xwikiExportCronJobName, 'xwiki', 1, 10_800],
  ])('%s: never two at once, bounded retries, run time, start delay and history, in UTC', (name, kind, backoffLimit, deadline) => {
    const cronJob = named<CronJob>(render(prod), 'CronJob', name);
    expect(cronJob.spec).toMatchObject({
      concurrencyPolicy: 'Forbid',
      timeZone: 'Etc/UTC',
      startingDeadlineSeconds: 3600,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
    });
    expect(cronJob.spec!.jobTemplate.spec).toMatchObject({ backoffLimit, activeDeadlineSeconds: deadline });
    expect(cronJob.metadata!.labels![backupJobLabel]).toBe(kind);
    expect(cronJob.spec!.jobTemplate.spec!.template.metadata!.labels![backupJobLabel]).toBe(kind);
    expect(podOf(cronJob).restartPolicy).toBe('Never');
  });

  it('dumps prod daily (RPO 24h) and hourly when the RPO is 1h', () => {
    expect(named<CronJob>(render(prod), 'CronJob', mysqlBackupCronJobName).spec!.schedule).toBe('17 2 * * *');
    const hourly = defineEnvironment('hourly', 'fixture.ts', { decisions: { recoveryObjectives: locked({ rpo: '1h', rto: '4h' }) } });
    const cronJob = named<CronJob>(render(hourly), 'CronJob', mysqlBackupCronJobName);
    expect(cronJob.spec!.schedule).toBe('17 * * * *');
    // A run may not outlast its interval, nor wait more than half of it to start.
    expect(cronJob.spec!.jobTemplate.spec!.activeDeadlineSeconds).toBe(3600);
    expect(cronJob.spec!.startingDeadlineSeconds).toBe(1800);
  });

  it.each([prod, staging])('run every container of every pod under Pod Security restricted, as the mysql image user, without API token ($name)', (environment) => {
    const cronJobs = render(environment).filter((object) => object.kind === 'CronJob') as unknown as CronJob[];
    expect(cronJobs.length).toBeGreaterThanOrEqual(2);
    for (const cronJob of cronJobs) {
      const pod = podOf(cronJob);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: mysqlUid, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe('backup');
      for (const container of containersOf(pod)) {
        expect(container.securityContext, `${cronJob.metadata!.name}/${container.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          privileged: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources?.limits?.memory, container.name).toBeDefined();
      }
      for (const volume of pod.volumes ?? []) {
        expect(Object.keys(volume).filter((key) => key !== 'name'), volume.name).toEqual([expect.stringMatching(/^(configMap|emptyDir|secret|ephemeral)$/)]);
      }
    }
  });

  it('runs the dump in the mysql image, the export in the xwiki image and the uploads in rclone, all pinned by digest in prod', () => {
    const objects = render(prod);
    const images = (name: string) => containersOf(podOf(named<CronJob>(objects, 'CronJob', name))).map((container) => [container.name, container.image]);
    expect(images(mysqlBackupCronJobName)).toEqual([
      ['dump', mysqlImage.reference],
      ['upload', rcloneImage.reference],
    ]);
    expect(images(xwikiExportCronJobName)).toEqual([
      ['export', xwikiImage.reference],
      ['upload', rcloneImage.reference],
    ]);
    expect(rcloneImage.reference).toMatch(/^rclone\/rclone:1\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
  });

  it('dumps as the application user through the MySQL Service, its password from the mysql credentials Secret', () => {
    const dump = podOf(named<CronJob>(render(prod), 'CronJob', mysqlBackupCronJobName)).initContainers![0]!;
    expect(dump.command).toEqual(['bash', `${scriptsMountPath}/${scriptFiles.mysqlDump}`]);
    expect(envOf(dump)).toMatchObject({
      DATABASE_HOST: mysqlServiceName,
      DATABASE_PORT: '3306',
      DATABASE_USER: prod.mysql.user,
      DATABASE_NAME: prod.mysql.database,
      MYSQL_PWD: { secretKeyRef: { name: mysqlCredentialsSecretName, key: 'user-password' } },
    });
  });

  it('uploads to the environment bucket and prefix with its retention and SSE-S3', () => {
    const upload = podOf(named<CronJob>(render(prod), 'CronJob', mysqlBackupCronJobName)).containers[0]!;
    const s3 = prod.decisions.s3.value;
    expect(upload.command).toEqual(['sh', `${scriptsMountPath}/${scriptFiles.s3Upload}`]);
    expect(envOf(upload)).toMatchObject({
      RCLONE_CONFIG_BACKUP_TYPE: 's3',
      RCLONE_CONFIG_BACKUP_ENDPOINT: s3.endpoint,
      RCLONE_CONFIG_BACKUP_REGION: s3.region,
      RCLONE_CONFIG_BACKUP_SERVER_SIDE_ENCRYPTION: 'AES256',
      RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: { secretKeyRef: { name: backupS3CredentialsSecretName, key: 'access-key-id' } },
      RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY: { secretKeyRef: { name: backupS3CredentialsSecretName, key: 'secret-access-key' } },
      S3_BUCKET: s3.bucket,
      S3_PREFIX: 'open4goods/prod',
      BACKUP_KIND: 'mysql',
      BACKUP_EXTENSION: 'sql.gz',
      BACKUP_NAME: 'prod-xwiki',
      RETENTION_DAYS: '30',
    });
    expect(envOf(upload)).not.toHaveProperty('RCLONE_CONFIG_BACKUP_SSE_KMS_KEY_ID');
    const stagingUpload = podOf(named<CronJob>(render(staging), 'CronJob', xwikiExportCronJobName)).containers[0]!;
    expect(envOf(stagingUpload)).toMatchObject({ S3_PREFIX: 'open4goods/staging', RETENTION_DAYS: '14', BACKUP_KIND: 'xwiki', BACKUP_EXTENSION: 'xar' });
  });

  it('asks for SSE-KMS with the decided key when the environment decides SSE-KMS', () => {
    const kms = defineEnvironment('kms', 'fixture.ts', { decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, encryption: { mode: 'SSE-KMS', kmsKeyId: 'key-1234' } }) } });
    const upload = podOf(named<CronJob>(render(kms), 'CronJob', mysqlBackupCronJobName)).containers[0]!;
    expect(envOf(upload)).toMatchObject({ RCLONE_CONFIG_BACKUP_SERVER_SIDE_ENCRYPTION: 'aws:kms', RCLONE_CONFIG_BACKUP_SSE_KMS_KEY_ID: 'key-1234' });
  });

  it('exports XWiki with the admin account of the xwiki package, as read-only files', () => {
    const pod = podOf(named<CronJob>(render(prod), 'CronJob', xwikiExportCronJobName));
    expect(pod.volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: xwikiAdminCredentialsSecretName, defaultMode: 0o440 }) }));
    const exporter = pod.initContainers![0]!;
    expect(envOf(exporter)).toMatchObject({ XWIKI_URL: 'http://xwiki:8080', EXPORT_TIMEOUT_SECONDS: '7200' });
    expect(exporter.volumeMounts).toContainEqual(expect.objectContaining({ name: 'xwiki-admin', readOnly: true }));
  });

  it('mounts the scripts ConfigMap, which carries every script file byte for byte', () => {
    const configMap = named<ConfigMap>(render(prod), 'ConfigMap', backupScriptsConfigMapName);
    expect(configMap.data).toEqual(readScripts());
    expect(Object.keys(configMap.data!).sort()).toEqual(Object.values(scriptFiles).sort());
    for (const cronJob of render(prod).filter((object) => object.kind === 'CronJob') as unknown as CronJob[]) {
      for (const container of containersOf(podOf(cronJob))) {
        const script = container.command?.[1];
        if (script) expect(Object.keys(configMap.data!).map((file) => `${scriptsMountPath}/${file}`)).toContain(script);
      }
    }
  });
});

describe('the restore test', () => {
  it('runs in staging only, on the restore-test frequency (7d: weekly), and is never retried', () => {
    expect(render(prod).some((object) => object.metadata?.name === mysqlRestoreTestCronJobName)).toBe(false);
    expect(render(loadDefaults()).some((object) => object.metadata?.name === mysqlRestoreTestCronJobName)).toBe(false);
    const cronJob = named<CronJob>(render(staging), 'CronJob', mysqlRestoreTestCronJobName);
    expect(cronJob.spec).toMatchObject({ schedule: '37 5 * * 1', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 0, activeDeadlineSeconds: 21_600 } } });
    expect(cronJob.metadata!.labels![backupJobLabel]).toBe('restore-test');
  });

  it("fetches the latest of prod's dumps with read-only keys, into a throw-away server of its own", () => {
    const pod = podOf(named<CronJob>(render(staging), 'CronJob', mysqlRestoreTestCronJobName));
    const [fetch, database] = pod.initContainers!;
    expect(envOf(fetch!)).toMatchObject({
      S3_BUCKET: prod.decisions.s3.value.bucket,
      S3_PREFIX: 'open4goods/prod',
      BACKUP_KEY: 'latest',
      // prod's own dumps only, whatever else its folder holds.
      BACKUP_NAME: 'prod-xwiki',
      RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: { secretKeyRef: { name: restoreTestS3CredentialsSecretName, key: 'access-key-id' } },
    });
    // A native sidecar: it starts before the check and stops with the job.
    expect(database).toMatchObject({ name: 'database', restartPolicy: 'Always', image: mysqlImage.reference });
    expect(envOf(database!)).toMatchObject({ MYSQL_ALLOW_EMPTY_PASSWORD: 'yes', MYSQL_ROOT_HOST: 'localhost' });
    // A subdirectory of the volume: mysqld will not initialise a directory holding lost+found.
    expect(database!.args).toContain('--datadir=/var/lib/mysql/restore-test');
    expect(database!.volumeMounts).toContainEqual({ name: 'database-data', mountPath: '/var/lib/mysql' });
    expect(database!.startupProbe?.exec?.command).toContain('--protocol=TCP');
    const check = pod.containers[0]!;
    expect(check.command).toEqual(['bash', `${scriptsMountPath}/${scriptFiles.mysqlRestoreTest}`]);
    expect(envOf(check)).toMatchObject({ DATABASE_USER: 'root', DATABASE_HOST: '/var/run/mysqld/mysqld.sock', DOCUMENT_TABLE: 'xwikidoc', SAMPLE_TABLES: 'xwikidoc xwikispace' });
    const data = pod.volumes!.find((volume) => volume.name === 'database-data')!;
    expect(data.ephemeral?.volumeClaimTemplate?.spec.resources?.requests?.storage).toBe(prod.mysql.storageSize);
  });

  it('reaches S3 only with the read-only keys of the source: no container of its pod can read the keys that write or delete', () => {
    const pod = podOf(named<CronJob>(render(staging), 'CronJob', mysqlRestoreTestCronJobName));
    const secretsRead = [...pod.initContainers!, ...pod.containers].flatMap((container) => (container.env ?? []).flatMap((variable) => variable.valueFrom?.secretKeyRef?.name ?? []));
    expect(new Set(secretsRead)).toEqual(new Set([restoreTestS3CredentialsSecretName]));
    expect(pod.volumes!.filter((volume) => volume.secret || volume.projected)).toEqual([]);
    expect(pod.containers.concat(pod.initContainers!).flatMap((container) => container.envFrom ?? [])).toEqual([]);
  });
});

describe('the secret contract', () => {
  it('asks for the S3 keys of the environment, and in staging for read-only keys of the restore-test source', () => {
    expect(backups.secrets!(prod).map((secret) => secret.name)).toEqual([backupS3CredentialsSecretName]);
    const stagingSecrets = backups.secrets!(staging);
    expect(stagingSecrets.map((secret) => [secret.name, secret.namespace, secret.keys.map((key) => key.name)])).toEqual([
      [backupS3CredentialsSecretName, staging.appNamespace, ['access-key-id', 'secret-access-key']],
      [restoreTestS3CredentialsSecretName, staging.appNamespace, ['access-key-id', 'secret-access-key']],
    ]);
    expect(stagingSecrets[1]!.description).toContain('s3://open4goods-backups/open4goods/prod/mysql/');
  });
});

describe('restore Jobs for o4g restore', () => {
  it('restores MySQL from the chosen dump, once, into the environment database as the application user', () => {
    const job: Job = renderMysqlRestoreJob(prod, 'latest');
    job.validate();
    expect(job.metadata).toMatchObject({ name: mysqlRestoreJobName, namespace: prod.appNamespace, annotations: { 'open4goods.org/restore-from': 'latest' } });
    expect(job.spec).toMatchObject({ backoffLimit: 0, ttlSecondsAfterFinished: 604_800 });
    const pod = job.spec!.template.spec!;
    expect(envOf(pod.initContainers![0]!)).toMatchObject({ BACKUP_KEY: 'latest', S3_PREFIX: 'open4goods/prod', BACKUP_KIND: 'mysql' });
    expect(envOf(pod.containers[0]!)).toMatchObject({ DATABASE_NAME: prod.mysql.database, DATABASE_USER: prod.mysql.user, DATABASE_HOST: mysqlServiceName });
    expect(pod.containers[0]!.command).toEqual(['bash', `${scriptsMountPath}/${scriptFiles.mysqlRestore}`]);
  });

  it('stages a XAR into XWiki for import', () => {
    const job = renderXwikiRestoreJob(staging, 'open4goods/staging/xwiki/staging-xwiki-20260301T034700Z.xar');
    job.validate();
    expect(job.metadata!.name).toBe(xwikiRestoreJobName);
    const pod = job.spec!.template.spec!;
    expect(envOf(pod.initContainers![0]!)).toMatchObject({ BACKUP_KEY: 'open4goods/staging/xwiki/staging-xwiki-20260301T034700Z.xar', BACKUP_KIND: 'xwiki', BACKUP_NAME: 'staging-xwiki' });
    expect(pod.containers[0]!.command).toEqual(['bash', `${scriptsMountPath}/${scriptFiles.xwikiStageImport}`]);
  });

  it.each([
    ['mysql', 'prod-xwiki-20260301T021700Z.xar', /is not the name of a MySQL dump/],
    ['mysql', 'dump.sql.gz', /is not the name of a MySQL dump of prod \(prod-xwiki-<YYYYMMDDTHHMMSSZ>\.sql\.gz\)/],
    // Another environment's dump, or one named before the environment was part of the name.
    ['mysql', 'staging-xwiki-20260301T021700Z.sql.gz', /is not the name of a MySQL dump of prod \(prod-xwiki-/],
    ['mysql', 'xwiki-20260301T021700Z.sql.gz', /is not the name of a MySQL dump of prod \(prod-xwiki-/],
    ['mysql', 'open4goods/staging/mysql/xwiki-20260301T021700Z.sql.gz', /the key is not under open4goods\/prod\/mysql\/ \(the mysql backups of prod in bucket open4goods-backups\)/],
    ['xwiki', 'open4goods/prod/mysql/xwiki-20260301T021700Z.xar', /not under open4goods\/prod\/xwiki\//],
  ] as const)('refuses --from for %s %s with the form to use', (kind, from, message) => {
    expect(() => parseBackupSelector(prod, kind, from)).toThrow(message);
    expect(() => parseBackupSelector(prod, kind, from)).toThrow(/^o4g restore: --from: .*\n  fix: give "latest", a name such as/);
  });
});

describe('freshness objectives for the stale-backup alerts', () => {
  it('name each CronJob with its period plus its deadline', () => {
    expect(backupFreshnessObjectives(prod)).toEqual([
      { cronJob: mysqlBackupCronJobName, namespace: prod.appNamespace, maxAgeSeconds: 86_400 + 14_400 },
      { cronJob: xwikiExportCronJobName, namespace: prod.appNamespace, maxAgeSeconds: 86_400 + 10_800 },
    ]);
    expect(backupFreshnessObjectives(staging).map((objective) => [objective.cronJob, objective.maxAgeSeconds])).toContainEqual([mysqlRestoreTestCronJobName, 7 * 86_400 + 21_600]);
  });
});
