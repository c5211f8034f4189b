import type { Environment } from '@open4goods/environments';
import { type S3Access, type SecretRequirement, standardLabels } from '@open4goods/kit';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { type BackupKind, backupFolderKeyPrefix, backupKinds, backupLocation, backupObjectKeyPattern } from './s3.ts';
import { restoreTestSourceOf } from './restore-test.ts';
import { backupS3CredentialsSecretName, backupScriptsConfigMapName, backupServiceAccountName, backupsUnitName, restoreTestS3CredentialsSecretName, s3CredentialKeys } from './names.ts';
import { readScripts } from './scripts.ts';

const labels = () => standardLabels({ name: 'backups', component: 'backup' });

/** The identity of the backup pods: no API access at all, so no token either. */
export function renderBackupServiceAccount(environment: Environment): ServiceAccount {
  return new ServiceAccount({
    metadata: { name: backupServiceAccountName, namespace: environment.appNamespace, labels: labels() },
    automountServiceAccountToken: false,
  });
}

/** Every script, as the files in packages/backups/scripts are. */
export function renderBackupScriptsConfigMap(environment: Environment): ConfigMap {
  return new ConfigMap({
    metadata: { name: backupScriptsConfigMapName, namespace: environment.appNamespace, labels: labels() },
    data: readScripts(),
  });
}

function s3Keys(scope: string) {
  return [
    { name: s3CredentialKeys.accessKeyId, description: `S3 access key id ${scope}` },
    { name: s3CredentialKeys.secretAccessKey, description: 'its secret key' },
  ];
}

/** The backup writer's rights: list, read, write and delete its own backups (each kind's names in its folder), nothing else. */
function backupWriterAccess(environment: Environment): S3Access {
  const kinds = Object.keys(backupKinds) as BackupKind[];
  const own = kinds.map((kind) => backupObjectKeyPattern(environment, kind));
  return { bucket: environment.decisions.s3.value.bucket, list: kinds.map((kind) => backupFolderKeyPrefix(environment, kind)), read: own, write: own };
}

/** The restore test's rights on the source environment: list and read its MySQL dumps, change nothing. */
function restoreTestReaderAccess(source: Environment): S3Access {
  return { bucket: source.decisions.s3.value.bucket, list: [backupFolderKeyPrefix(source, 'mysql')], read: [backupObjectKeyPattern(source, 'mysql')], write: [] };
}

/**
 * The S3 keys of the environment's bucket (read, write, delete under its prefix: uploads and
 * retention) and, where a restore test runs, read-only keys of the source environment's prefix.
 * The MySQL and XWiki credentials are those of the mysql and xwiki packages' contracts.
 */
export function backupSecretRequirements(environment: Environment): SecretRequirement[] {
  const s3 = environment.decisions.s3.value;
  const source = restoreTestSourceOf(environment);
  return [
    {
      unit: backupsUnitName,
      name: backupS3CredentialsSecretName,
      namespace: environment.appNamespace,
      description: `S3 keys allowed to list, read, write and delete under ${s3.prefix}/ in bucket ${s3.bucket}`,
      keys: s3Keys(`with read, write and delete rights on s3://${s3.bucket}/${s3.prefix}/`),
      s3Access: backupWriterAccess(environment),
    },
    ...(source
      ? [
          {
            unit: backupsUnitName,
            name: restoreTestS3CredentialsSecretName,
            namespace: environment.appNamespace,
            description: `read-only S3 keys of the ${source.name} MySQL dumps (${backupLocation(source.decisions.s3.value, 'mysql')}) for the restore test`,
            keys: s3Keys(`with read-only rights on ${backupLocation(source.decisions.s3.value, 'mysql')}`),
            s3Access: restoreTestReaderAccess(source),
          },
        ]
      : []),
  ];
}
