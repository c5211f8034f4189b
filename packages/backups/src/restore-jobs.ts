import type { Environment } from '@open4goods/environments';
import { imageFor } from '@open4goods/kit';
import { mysqlImageFor } from '@open4goods/mysql';
import { xwikiImage } from '@open4goods/xwiki';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import { backupLabels, backupPaths, backupPodSpec, rcloneContainer, scratchMount, scratchVolume, scriptContainer, scriptsVolume, tmpMount, tmpVolume } from './backup-pod.ts';
import { mysqlClientEnvironment } from './mysql-backup.ts';
import { backupS3CredentialsSecretName, mysqlRestoreJobName, xwikiRestoreJobName } from './names.ts';
import { type BackupKind, backupKinds, parseBackupSelector } from './s3.ts';
import { scriptFiles } from './scripts.ts';
import { xwikiClientEnvironment, xwikiCredentialsMount, xwikiCredentialsVolume } from './xwiki-export.ts';

/** A restore may run this long; its Job stays a week after it finished, for its logs. */
export const restoreDeadlineSeconds = 6 * 3600;
export const restoreJobRetentionSeconds = 7 * 86_400;
/** How long the upload of a XAR into XWiki may take. */
export const xwikiUploadTimeoutSeconds = 3600;

/** The annotation recording what a restore Job restores (`latest` or a key). */
export const restoreFromAnnotation = 'open4goods.org/restore-from';

function restoreJob(environment: Environment, name: string, kind: BackupKind, from: string, podSpec: IIoK8sApiCoreV1PodSpec): Job {
  // Labelled as the backup of the same kind: a restore reaches the same endpoints (the database or
  // XWiki, and S3), so the same NetworkPolicies let it through.
  const labels = backupLabels(name, kind);
  return new Job({
    metadata: { name, namespace: environment.appNamespace, labels, annotations: { [restoreFromAnnotation]: from } },
    spec: {
      // Never retried by Kubernetes: a restore replaces data, and a failure needs a person to read why.
      backoffLimit: 0,
      activeDeadlineSeconds: restoreDeadlineSeconds,
      ttlSecondsAfterFinished: restoreJobRetentionSeconds,
      template: { metadata: { labels }, spec: podSpec },
    },
  });
}

function fetchContainer(environment: Environment, kind: BackupKind, from: string) {
  return rcloneContainer(environment, {
    name: 'fetch',
    script: scriptFiles.s3Fetch,
    owner: environment,
    credentialsSecret: backupS3CredentialsSecretName,
    kind,
    env: [
      { name: 'RESTORE_DIRECTORY', value: backupPaths.scratch },
      { name: 'BACKUP_KEY', value: from },
    ],
    volumeMounts: [scratchMount],
  });
}

/**
 * The Job `o4g restore mysql <env> --from <key|latest>` prints: fetch the dump from the
 * environment's bucket (checked against its .sha256), then replace the environment's XWiki
 * database with it, as the application user. Stop XWiki first (docs/runbooks/restore-mysql.md).
 */
export function renderMysqlRestoreJob(environment: Environment, from: string): Job {
  const selector = parseBackupSelector(environment, 'mysql', from);
  return restoreJob(
    environment,
    mysqlRestoreJobName,
    'mysql',
    selector,
    backupPodSpec({
      initContainers: [fetchContainer(environment, 'mysql', selector)],
      containers: [
        scriptContainer({
          name: 'restore',
          image: mysqlImageFor(environment),
          script: scriptFiles.mysqlRestore,
          env: [...mysqlClientEnvironment(environment), { name: 'RESTORE_DIRECTORY', value: backupPaths.scratch }],
          volumeMounts: [{ ...scratchMount, readOnly: true }],
        }),
      ],
      volumes: [scriptsVolume, scratchVolume(environment), tmpVolume],
    }),
  );
}

/**
 * The Job `o4g restore xwiki <env> --from <key|latest>` prints: fetch the XAR, then attach it to
 * XWiki.XWikiPreferences through the REST API with the admin account; an administrator imports
 * it from there (docs/runbooks/restore-xwiki.md).
 */
export function renderXwikiRestoreJob(environment: Environment, from: string): Job {
  const selector = parseBackupSelector(environment, 'xwiki', from);
  return restoreJob(
    environment,
    xwikiRestoreJobName,
    'xwiki',
    selector,
    backupPodSpec({
      initContainers: [fetchContainer(environment, 'xwiki', selector)],
      containers: [
        scriptContainer({
          name: 'stage-import',
          image: imageFor(environment, xwikiImage),
          script: scriptFiles.xwikiStageImport,
          env: [
            ...xwikiClientEnvironment(),
            { name: 'RESTORE_DIRECTORY', value: backupPaths.scratch },
            { name: 'UPLOAD_TIMEOUT_SECONDS', value: String(xwikiUploadTimeoutSeconds) },
          ],
          volumeMounts: [{ ...scratchMount, readOnly: true }, xwikiCredentialsMount, tmpMount],
        }),
      ],
      volumes: [scriptsVolume, scratchVolume(environment), tmpVolume, xwikiCredentialsVolume],
    }),
  );
}

/** The restore Job of a kind of backup, for the CLI. */
export function renderRestoreJob(environment: Environment, kind: BackupKind, from: string): Job {
  return kind === 'mysql' ? renderMysqlRestoreJob(environment, from) : renderXwikiRestoreJob(environment, from);
}

export const restorableKinds = Object.keys(backupKinds) as BackupKind[];
