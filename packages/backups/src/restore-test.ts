import { type ComputeResources, type Environment, loadEnvironment } from '@open4goods/environments';
import { execProbe, hardenedContainerSecurityContext, resourceRequirements, startupTiming, storageClassNames } from '@open4goods/kit';
import { mysqlDataPath, mysqlImageFor, mysqlPort, mysqlSocketDirectory, mysqlSocketPath } from '@open4goods/mysql';
import type { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import { backupPodSpec, rcloneContainer, scratchVolume, scriptContainer, scriptsVolume, tmpVolume, volumeNames } from './backup-pod.ts';
import { renderBackupCronJob } from './cron-job.ts';
import { mysqlRestoreTestCronJobName, restoreTestS3CredentialsSecretName } from './names.ts';
import { restoreTestSchedule } from './schedule.ts';
import { scriptFiles } from './scripts.ts';

/** The XWiki tables a restored database must have (XWiki's Hibernate mapping). */
export const xwikiRequiredTables = ['xwikidoc', 'xwikircs', 'xwikiobjects', 'xwikiproperties', 'xwikiattachment', 'xwikispace'] as const;
/** One row per wiki page: it must not be empty. */
export const xwikiDocumentTable = 'xwikidoc';
/** Tables compared row for row with the dump: the pages and the spaces. */
export const xwikiSampleTables = ['xwikidoc', 'xwikispace'] as const;

export const restoreTestDeadlineSeconds = 6 * 3600;
const restorePath = '/restore';

/**
 * The throw-away server: the source's MySQL image with its own entrypoint, initialising an
 * empty data directory on the job's ephemeral volume. Root has no password but may log in only
 * through the socket in the pod (MYSQL_ROOT_HOST=localhost), and the server has no other account.
 * It is a native sidecar: the check container starts once it answers, and it stops with the job.
 */
const throwawayDataDirectory = `${mysqlDataPath}/restore-test`;
const throwawayDatabaseResources: ComputeResources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };

function throwawayDatabaseContainer(environment: Environment): IIoK8sApiCoreV1Container {
  return {
    name: 'database',
    image: mysqlImageFor(environment),
    restartPolicy: 'Always',
    // The data directory is a subdirectory: a fresh ext4 volume holds lost+found, and mysqld
    // refuses to initialise a non-empty directory. secure-file-priv NULL: the entrypoint would
    // create its default directory on the read-only root.
    args: ['mysqld', `--datadir=${throwawayDataDirectory}`, '--secure-file-priv=NULL', '--mysqlx=OFF', '--disable-log-bin', '--skip-name-resolve'],
    env: [
      { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'yes' },
      { name: 'MYSQL_ROOT_HOST', value: 'localhost' },
      { name: 'MYSQL_INITDB_SKIP_TZINFO', value: '1' },
    ],
    resources: resourceRequirements(throwawayDatabaseResources),
    securityContext: hardenedContainerSecurityContext(),
    // Over TCP: the entrypoint's temporary initialisation server listens on the socket only.
    startupProbe: execProbe(['mysqladmin', 'ping', '--protocol=TCP', '--host=127.0.0.1', `--port=${mysqlPort}`, '--silent'], startupTiming(900)),
    volumeMounts: [
      { name: 'database-data', mountPath: mysqlDataPath },
      { name: 'database-run', mountPath: mysqlSocketDirectory },
      { name: 'database-tmp', mountPath: '/tmp' },
    ],
  };
}

/** The environment whose dumps this one rehearses, or undefined when it runs no restore test. */
export function restoreTestSourceOf(environment: Environment): Environment | undefined {
  const name = environment.backups.restoreTestSource;
  return name === undefined ? undefined : loadEnvironment(name);
}

/**
 * The restore test: takes the latest complete dump of the source environment (read-only keys),
 * restores it into a throw-away MySQL in the same pod, and checks it (XWiki's tables present,
 * pages counted, a sample compared row for row with the dump). Its success and failure are a
 * CronJob's, like the backups', so a failing or stale restore test alerts the same way.
 */
export function renderMysqlRestoreTestCronJob(environment: Environment): CronJob | undefined {
  const source = restoreTestSourceOf(environment);
  if (!source) return undefined;
  const restoreMount = { name: volumeNames.scratch, mountPath: restorePath };
  const dataVolume: IIoK8sApiCoreV1Volume = {
    name: 'database-data',
    // A volume of the job's own, as large as the source's database, deleted with the pod.
    ephemeral: {
      volumeClaimTemplate: {
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: storageClassNames.general, resources: { requests: { storage: source.mysql.storageSize } } },
      },
    },
  };
  return renderBackupCronJob({
    environment,
    name: mysqlRestoreTestCronJobName,
    kind: 'restore-test',
    schedule: restoreTestSchedule(environment),
    activeDeadlineSeconds: restoreTestDeadlineSeconds,
    // A failed restore test is a finding for a person, not something to retry into success.
    backoffLimit: 0,
    podSpec: backupPodSpec({
      initContainers: [
        rcloneContainer(environment, {
          name: 'fetch',
          script: scriptFiles.s3Fetch,
          owner: source,
          credentialsSecret: restoreTestS3CredentialsSecretName,
          kind: 'mysql',
          env: [
            { name: 'RESTORE_DIRECTORY', value: restorePath },
            { name: 'BACKUP_KEY', value: 'latest' },
          ],
          volumeMounts: [restoreMount],
        }),
        throwawayDatabaseContainer(environment),
      ],
      containers: [
        scriptContainer({
          name: 'restore-check',
          image: mysqlImageFor(environment),
          script: scriptFiles.mysqlRestoreTest,
          env: [
            { name: 'DATABASE_HOST', value: mysqlSocketPath },
            { name: 'DATABASE_USER', value: 'root' },
            { name: 'DATABASE_NAME', value: source.mysql.database },
            { name: 'RESTORE_DIRECTORY', value: restorePath },
            { name: 'REQUIRED_TABLES', value: xwikiRequiredTables.join(' ') },
            { name: 'DOCUMENT_TABLE', value: xwikiDocumentTable },
            { name: 'SAMPLE_TABLES', value: xwikiSampleTables.join(' ') },
          ],
          volumeMounts: [{ ...restoreMount, readOnly: true }, { name: 'database-run', mountPath: mysqlSocketDirectory }],
        }),
      ],
      volumes: [
        scriptsVolume,
        scratchVolume(environment),
        tmpVolume,
        dataVolume,
        { name: 'database-run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
        { name: 'database-tmp', emptyDir: { sizeLimit: '2Gi' } },
      ],
    }),
  });
}
