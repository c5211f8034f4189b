import { readWorkspaceFile } from '@open4goods/kit';

/**
 * The scripts the smoke Jobs run: files in packages/smoke/scripts, shellchecked and run as they
 * are by the tests (against a private MariaDB, a local HTTPS server, a local S3, local listeners).
 * The MySQL smoke runs with bash of the mysql image (its client matches the server); the others
 * with busybox sh of the curl, rclone and busybox images.
 */
export const smokeScriptFiles = {
  mysqlCrud: 'mysql-crud-smoke.sh',
  xwikiIngress: 'xwiki-ingress-smoke.sh',
  backupsPresent: 'backups-present-smoke.sh',
  networkProbes: 'network-probes.sh',
} as const;

export type SmokeScriptFile = (typeof smokeScriptFiles)[keyof typeof smokeScriptFiles];

/** Where the scripts are in the repository. */
export const smokeScriptsDirectory = 'packages/smoke/scripts';

/** Where the scripts ConfigMap is mounted in the smoke pods of the application namespace. */
export const smokeScriptsMountPath = '/opt/smoke-scripts';

/** The text of one script, as the repository holds it. */
export function readSmokeScript(file: SmokeScriptFile): string {
  return readWorkspaceFile(`${smokeScriptsDirectory}/${file}`);
}
