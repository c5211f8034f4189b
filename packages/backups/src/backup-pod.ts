import type { Environment } from '@open4goods/environments';
import { hardenedContainerSecurityContext, hardenedPodSecurityContext, imageFor, resourcePresets, resourceRequirements, standardLabels } from '@open4goods/kit';
import { mysqlUid } from '@open4goods/mysql';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { rcloneImage } from './images.ts';
import { type BackupJobKind, backupJobLabel, backupS3CredentialsSecretName, backupScriptsConfigMapName, backupServiceAccountName } from './names.ts';
import { type BackupKind, rcloneEnvironment } from './s3.ts';
import { type ScriptFile, scriptCommand, scriptsMountPath } from './scripts.ts';

/** Where the pods keep files: the scratch volume shared by the producing and the uploading container. */
export const backupPaths = {
  scratch: '/backup',
  tmp: '/tmp',
} as const;

export const volumeNames = { scripts: 'scripts', scratch: 'scratch', tmp: 'tmp' } as const;

export const scriptsVolume: IIoK8sApiCoreV1Volume = { name: volumeNames.scripts, configMap: { name: backupScriptsConfigMapName, defaultMode: 0o444 } };
export const scriptsMount: IIoK8sApiCoreV1VolumeMount = { name: volumeNames.scripts, mountPath: scriptsMountPath, readOnly: true };
export const scratchMount: IIoK8sApiCoreV1VolumeMount = { name: volumeNames.scratch, mountPath: backupPaths.scratch };
export const tmpMount: IIoK8sApiCoreV1VolumeMount = { name: volumeNames.tmp, mountPath: backupPaths.tmp };

/** The scratch volume a dump or export is written to before its upload, sized by backups.scratchSize. */
export function scratchVolume(environment: Environment): IIoK8sApiCoreV1Volume {
  return { name: volumeNames.scratch, emptyDir: { sizeLimit: environment.backups.scratchSize } };
}
export const tmpVolume: IIoK8sApiCoreV1Volume = { name: volumeNames.tmp, emptyDir: { sizeLimit: '64Mi' } };

/** The labels of a backup job's objects and pods; alerts and NetworkPolicies select on backupJobLabel. */
export function backupLabels(name: string, kind: BackupJobKind): Record<string, string> {
  return { ...standardLabels({ name, component: 'backup' }), [backupJobLabel]: kind };
}

export interface ScriptContainerOptions {
  readonly name: string;
  readonly image: string;
  readonly script: ScriptFile;
  readonly env: readonly IIoK8sApiCoreV1EnvVar[];
  readonly volumeMounts: readonly IIoK8sApiCoreV1VolumeMount[];
}

/** A container that runs one script of the ConfigMap, hardened, with the job resource preset. */
export function scriptContainer(options: ScriptContainerOptions): IIoK8sApiCoreV1Container {
  return {
    name: options.name,
    image: options.image,
    command: scriptCommand(options.script),
    env: [...options.env],
    resources: resourceRequirements(resourcePresets.job),
    securityContext: hardenedContainerSecurityContext(),
    volumeMounts: [scriptsMount, ...options.volumeMounts],
  };
}

export interface RcloneContainerOptions {
  readonly name: string;
  readonly script: 's3-upload.sh' | 's3-fetch.sh';
  /** The environment whose backups the container writes or reads (its bucket, prefix and names). */
  readonly owner: Environment;
  readonly credentialsSecret: string;
  readonly kind: BackupKind;
  readonly env: readonly IIoK8sApiCoreV1EnvVar[];
  readonly volumeMounts: readonly IIoK8sApiCoreV1VolumeMount[];
}

/**
 * rclone with the S3 remote of `s3`. The remote comes from the environment; an empty RCLONE_CONFIG
 * keeps rclone's configuration in memory (no file read or written on the read-only root), and its
 * home is /tmp (an emptyDir).
 */
export function rcloneContainer(environment: Environment, options: RcloneContainerOptions): IIoK8sApiCoreV1Container {
  return scriptContainer({
    name: options.name,
    image: imageFor(environment, rcloneImage),
    script: options.script,
    env: [
      ...rcloneEnvironment(options.owner, options.credentialsSecret, options.kind),
      { name: 'HOME', value: backupPaths.tmp },
      { name: 'RCLONE_CONFIG', value: '' },
      ...options.env,
    ],
    volumeMounts: [...options.volumeMounts, tmpMount],
  });
}

/**
 * The main container of a backup pod: uploads what the init container left in the scratch volume
 * to the environment's bucket, then applies its retention.
 */
export function uploadContainer(environment: Environment, kind: BackupKind): IIoK8sApiCoreV1Container {
  const s3 = environment.decisions.s3.value;
  return rcloneContainer(environment, {
    name: 'upload',
    script: 's3-upload.sh',
    owner: environment,
    credentialsSecret: backupS3CredentialsSecretName,
    kind,
    env: [
      { name: 'BACKUP_DIRECTORY', value: backupPaths.scratch },
      { name: 'RETENTION_DAYS', value: String(s3.retentionDays) },
    ],
    volumeMounts: [scratchMount],
  });
}

/**
 * The pod of every backup, restore-test and restore job: non-root as the mysql image's own user
 * (the dump, restores and the throw-away server run as MySQL itself does; the rclone and XWiki
 * steps need no particular user), no service account token, no retries inside the pod (the Job
 * retries whole pods, from a clean scratch volume).
 */
export function backupPodSpec(spec: Pick<IIoK8sApiCoreV1PodSpec, 'initContainers' | 'containers' | 'volumes'>): IIoK8sApiCoreV1PodSpec {
  return {
    serviceAccountName: backupServiceAccountName,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    securityContext: hardenedPodSecurityContext({ runAsUser: mysqlUid }),
    ...spec,
  };
}
