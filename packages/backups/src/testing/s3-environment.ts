import type { Environment } from '@open4goods/environments';
import { tmpdir } from 'node:os';
import { s3CredentialKeys } from '../names.ts';
import { type BackupKind, rcloneEnvironment } from '../s3.ts';
import { LocalS3 } from './s3.ts';

/**
 * The variables the upload and fetch containers get in the cluster (rendered by rcloneEnvironment),
 * with the Secret's keys resolved to the local server's account and the endpoint pointed at it.
 * rclone retries once only, so an injected failure fails fast.
 */
export function localRcloneVariables(owner: Environment, local: LocalS3, kind: BackupKind): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const variable of rcloneEnvironment(owner, 'test-credentials', kind)) {
    const key = variable.valueFrom?.secretKeyRef?.key;
    if (key === s3CredentialKeys.accessKeyId) variables[variable.name] = LocalS3.credentials.accessKeyId;
    else if (key === s3CredentialKeys.secretAccessKey) variables[variable.name] = LocalS3.credentials.secretAccessKey;
    else variables[variable.name] = variable.value!;
  }
  return {
    ...variables,
    RCLONE_CONFIG_BACKUP_ENDPOINT: local.endpoint,
    // rclone keeps its configuration in memory (RCLONE_CONFIG empty) and writes nothing there.
    HOME: tmpdir(),
    RCLONE_CONFIG: '',
    RCLONE_RETRIES: '1',
    RCLONE_LOW_LEVEL_RETRIES: '1',
  };
}
