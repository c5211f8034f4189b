import { type Environment, type S3Settings, backupFolders } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import { s3CredentialKeys } from './names.ts';

/**
 * The two kinds of backup: their folder under the environment's prefix (backupFolders, which the
 * environments' loader checks for overlaps) and their file extension.
 */
export const backupKinds = {
  mysql: { folder: backupFolders.mysql, extension: 'sql.gz', description: 'MySQL dump' },
  xwiki: { folder: backupFolders.xwiki, extension: 'xar', description: 'XWiki XAR export' },
} as const;
export type BackupKind = keyof typeof backupKinds;

/**
 * The stem of an environment's backup names of one kind: `<environment>-<database>` for the MySQL
 * dumps, `<environment>-xwiki` for the XAR exports. The environment is in the name because the
 * database is called the same everywhere: retention and "latest" take only names of this stem, so
 * nothing another environment wrote is ever deleted or restored, even in a folder they would share.
 */
export function backupNameStem(environment: Environment, kind: BackupKind): string {
  return `${environment.name}-${kind === 'mysql' ? environment.mysql.database : 'xwiki'}`;
}

/** The key prefix of one kind of backup's folder: `<prefix>/<folder>/`. */
export function backupFolderKeyPrefix(environment: Environment, kind: BackupKind): string {
  return `${environment.decisions.s3.value.prefix}/${backupKinds[kind].folder}/`;
}

/** The keys of the backups of one kind the environment writes (each object and its .sha256): `<prefix>/<folder>/<stem>-*`. */
export function backupObjectKeyPattern(environment: Environment, kind: BackupKind): string {
  return `${backupFolderKeyPrefix(environment, kind)}${backupNameStem(environment, kind)}-*`;
}

/** The folder of one kind of backup: `<bucket>/<prefix>/<folder>/`. */
export function backupLocation(s3: S3Settings, kind: BackupKind): string {
  return `s3://${s3.bucket}/${s3.prefix}/${backupKinds[kind].folder}/`;
}

/** The header values rclone sends on every upload for the environment's encryption decision. */
export function serverSideEncryptionOf(s3: S3Settings): { readonly algorithm: 'AES256' | 'aws:kms'; readonly kmsKeyId?: string } {
  return s3.encryption.mode === 'SSE-KMS' ? { algorithm: 'aws:kms', kmsKeyId: s3.encryption.kmsKeyId } : { algorithm: 'AES256' };
}

const plain = (name: string, value: string): IIoK8sApiCoreV1EnvVar => ({ name, value });
const fromSecret = (name: string, secret: string, key: string): IIoK8sApiCoreV1EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

/**
 * The environment of an rclone container of a backup of `owner` (the environment whose backups it
 * writes or reads): the remote "backup" the S3 scripts use (the bucket's endpoint, region, keys
 * from `credentialsSecret`, server-side encryption on every upload), the bucket and prefix, the
 * kind of backup and the stem of its names. rclone reads RCLONE_CONFIG_<REMOTE>_<OPTION> itself.
 */
export function rcloneEnvironment(owner: Environment, credentialsSecret: string, kind: BackupKind): IIoK8sApiCoreV1EnvVar[] {
  return [
    ...rcloneRemoteEnvironment(owner.decisions.s3.value, credentialsSecret),
    plain('BACKUP_KIND', backupKinds[kind].folder),
    plain('BACKUP_EXTENSION', backupKinds[kind].extension),
    plain('BACKUP_NAME', backupNameStem(owner, kind)),
  ];
}

/**
 * The remote "backup" alone (endpoint, region, keys from `credentialsSecret`, encryption of
 * uploads) with the bucket and prefix: what any S3 script of the platform needs, whatever it reads.
 */
export function rcloneRemoteEnvironment(s3: S3Settings, credentialsSecret: string): IIoK8sApiCoreV1EnvVar[] {
  const encryption = serverSideEncryptionOf(s3);
  return [
    plain('RCLONE_CONFIG_BACKUP_TYPE', 's3'),
    plain('RCLONE_CONFIG_BACKUP_PROVIDER', 'Other'),
    plain('RCLONE_CONFIG_BACKUP_ENDPOINT', s3.endpoint),
    plain('RCLONE_CONFIG_BACKUP_REGION', s3.region),
    fromSecret('RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID', credentialsSecret, s3CredentialKeys.accessKeyId),
    fromSecret('RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY', credentialsSecret, s3CredentialKeys.secretAccessKey),
    plain('RCLONE_CONFIG_BACKUP_SERVER_SIDE_ENCRYPTION', encryption.algorithm),
    ...(encryption.kmsKeyId ? [plain('RCLONE_CONFIG_BACKUP_SSE_KMS_KEY_ID', encryption.kmsKeyId)] : []),
    // The bucket exists (it is a decision); the keys need not be allowed to create buckets.
    plain('RCLONE_CONFIG_BACKUP_NO_CHECK_BUCKET', 'true'),
    plain('S3_BUCKET', s3.bucket),
    plain('S3_PREFIX', s3.prefix),
  ];
}

const timestamp = /^[0-9]{8}T[0-9]{6}Z$/;

/**
 * What `--from` may be: `latest`, a backup's file name, or its full key under the environment's
 * prefix (what `rclone lsf` or the upload log shows). The fetch script applies the same rules.
 */
export function parseBackupSelector(environment: Environment, kind: BackupKind, from: string): string {
  const s3 = environment.decisions.s3.value;
  const { folder, extension } = backupKinds[kind];
  const stem = backupNameStem(environment, kind);
  if (from === 'latest') return from;
  const name = from.slice(from.lastIndexOf('/') + 1);
  const expectedKey = `${s3.prefix}/${folder}/${name}`;
  const problems: string[] = [];
  if (from.includes('/') && from !== expectedKey) problems.push(`the key is not under ${s3.prefix}/${folder}/ (the ${kind} backups of ${environment.name} in bucket ${s3.bucket})`);
  if (!name.startsWith(`${stem}-`) || !name.endsWith(`.${extension}`) || !timestamp.test(name.slice(stem.length + 1, -extension.length - 1))) {
    problems.push(`"${name}" is not the name of a ${backupKinds[kind].description} of ${environment.name} (${stem}-<YYYYMMDDTHHMMSSZ>.${extension})`);
  }
  if (problems.length > 0) {
    throw new BuildInputError('o4g restore', '--from', problems.join('; '), `give "latest", a name such as ${stem}-20260301T021700Z.${extension}, or its key ${s3.prefix}/${folder}/<name>`);
  }
  return from;
}
