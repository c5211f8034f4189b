import type { Environment } from '@open4goods/environments';
import { imageFor } from '@open4goods/kit';
import { xwikiAdminCredentialKeys, xwikiAdminCredentialsSecretName, xwikiHttpPort, xwikiImage, xwikiServiceName } from '@open4goods/xwiki';
import type { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { backupPaths, backupPodSpec, scratchMount, scratchVolume, scriptContainer, scriptsVolume, tmpMount, tmpVolume, uploadContainer } from './backup-pod.ts';
import { renderBackupCronJob } from './cron-job.ts';
import { xwikiExportCronJobName } from './names.ts';
import { xwikiExportSchedule } from './schedule.ts';
import { backupNameStem } from './s3.ts';
import { scriptFiles } from './scripts.ts';

/** How long XWiki may take to build the whole-wiki XAR, and how long the whole job may run. */
export const xwikiExportTimeoutSeconds = 2 * 3600;
export const xwikiExportDeadlineSeconds = 3 * 3600;

const credentialsDirectory = '/run/secrets/xwiki-admin';

/** XWiki's admin account, as files of the Secret of the xwiki package's contract (read only by the scripts). */
export const xwikiCredentialsVolume: IIoK8sApiCoreV1Volume = {
  name: 'xwiki-admin',
  secret: {
    secretName: xwikiAdminCredentialsSecretName,
    defaultMode: 0o440,
    items: [
      { key: xwikiAdminCredentialKeys.username, path: xwikiAdminCredentialKeys.username },
      { key: xwikiAdminCredentialKeys.password, path: xwikiAdminCredentialKeys.password },
    ],
  },
};
export const xwikiCredentialsMount: IIoK8sApiCoreV1VolumeMount = { name: 'xwiki-admin', mountPath: credentialsDirectory, readOnly: true };

/** Where the XWiki scripts find XWiki (its Service, from the pod's namespace) and the account. */
export function xwikiClientEnvironment(): IIoK8sApiCoreV1EnvVar[] {
  return [
    { name: 'XWIKI_URL', value: `http://${xwikiServiceName}:${xwikiHttpPort}` },
    { name: 'XWIKI_USERNAME_FILE', value: `${credentialsDirectory}/${xwikiAdminCredentialKeys.username}` },
    { name: 'XWIKI_PASSWORD_FILE', value: `${credentialsDirectory}/${xwikiAdminCredentialKeys.password}` },
    // curl and bash need a writable home for nothing, but some tools look it up.
    { name: 'HOME', value: backupPaths.tmp },
  ];
}

/**
 * The XAR export: curl of the XWiki image (one image fewer to pin and pull) asks XWiki's export
 * action for the whole wiki and keeps the file only if it is a real XAR; then rclone uploads it
 * like a dump. A failed export fails the job and uploads nothing.
 */
export function renderXwikiExportCronJob(environment: Environment): CronJob {
  return renderBackupCronJob({
    environment,
    name: xwikiExportCronJobName,
    kind: 'xwiki',
    schedule: xwikiExportSchedule(),
    activeDeadlineSeconds: xwikiExportDeadlineSeconds,
    // One retry: an export is heavy for XWiki, and a second failure in a row needs a person.
    backoffLimit: 1,
    podSpec: backupPodSpec({
      initContainers: [
        scriptContainer({
          name: 'export',
          image: imageFor(environment, xwikiImage),
          script: scriptFiles.xwikiExport,
          env: [
            ...xwikiClientEnvironment(),
            { name: 'BACKUP_DIRECTORY', value: backupPaths.scratch },
            { name: 'EXPORT_TIMEOUT_SECONDS', value: String(xwikiExportTimeoutSeconds) },
            { name: 'BACKUP_NAME', value: backupNameStem(environment, 'xwiki') },
          ],
          volumeMounts: [scratchMount, xwikiCredentialsMount, tmpMount],
        }),
      ],
      containers: [uploadContainer(environment, 'xwiki')],
      volumes: [scriptsVolume, scratchVolume(environment), tmpVolume, xwikiCredentialsVolume],
    }),
  });
}
