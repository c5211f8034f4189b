import type { Environment } from '@open4goods/environments';
import { mysqlCredentialKeys, mysqlCredentialsSecretName, mysqlImageFor, mysqlPort, mysqlServiceName } from '@open4goods/mysql';
import type { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import { backupPaths, backupPodSpec, scratchMount, scratchVolume, scriptContainer, scriptsVolume, tmpVolume, uploadContainer } from './backup-pod.ts';
import { renderBackupCronJob } from './cron-job.ts';
import { mysqlBackupCronJobName } from './names.ts';
import { type CronSchedule, mysqlDumpSchedule } from './schedule.ts';
import { backupNameStem } from './s3.ts';
import { scriptFiles } from './scripts.ts';

/** A dump may take this long, or its interval when that is shorter (then the next run would be skipped anyway). */
export function mysqlDumpDeadlineSeconds(schedule: CronSchedule): number {
  return Math.min(4 * 3600, schedule.periodSeconds);
}

/**
 * How the MySQL client scripts reach the environment's MySQL: through its Service, as the
 * application user (all privileges on the XWiki database, nothing else), password from the
 * credentials Secret into MYSQL_PWD, which the clients read themselves.
 */
export function mysqlClientEnvironment(environment: Environment): IIoK8sApiCoreV1EnvVar[] {
  return [
    { name: 'DATABASE_HOST', value: mysqlServiceName },
    { name: 'DATABASE_PORT', value: String(mysqlPort) },
    { name: 'DATABASE_USER', value: environment.mysql.user },
    { name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: mysqlCredentialsSecretName, key: mysqlCredentialKeys.userPassword } } },
    { name: 'DATABASE_NAME', value: environment.mysql.database },
  ];
}

/**
 * The logical backup: mysqldump (from the mysql image, so client and server versions match)
 * writes a verified, compressed dump to the scratch volume; then rclone uploads it with the
 * environment's server-side encryption, writes its checksum and applies the retention.
 */
export function renderMysqlBackupCronJob(environment: Environment): CronJob {
  const schedule = mysqlDumpSchedule(environment);
  return renderBackupCronJob({
    environment,
    name: mysqlBackupCronJobName,
    kind: 'mysql',
    schedule,
    activeDeadlineSeconds: mysqlDumpDeadlineSeconds(schedule),
    backoffLimit: 2,
    podSpec: backupPodSpec({
      initContainers: [
        scriptContainer({
          name: 'dump',
          image: mysqlImageFor(environment),
          script: scriptFiles.mysqlDump,
          env: [...mysqlClientEnvironment(environment), { name: 'BACKUP_DIRECTORY', value: backupPaths.scratch }, { name: 'BACKUP_NAME', value: backupNameStem(environment, 'mysql') }],
          volumeMounts: [scratchMount],
        }),
      ],
      containers: [uploadContainer(environment, 'mysql')],
      volumes: [scriptsVolume, scratchVolume(environment), tmpVolume],
    }),
  });
}
