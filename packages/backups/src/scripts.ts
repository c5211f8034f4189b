import { readWorkspaceFile } from '@open4goods/kit';

/**
 * The shell scripts of the jobs: files in packages/backups/scripts (shellchecked and run by the
 * tests as they are), carried by one ConfigMap and mounted read-only in every backup pod. The
 * MySQL and XWiki scripts run with bash of the mysql and xwiki images; the S3 scripts with
 * busybox sh of the rclone image.
 */
export const scriptFiles = {
  mysqlCommon: 'mysql-common.sh',
  mysqlDump: 'mysql-dump.sh',
  mysqlRestore: 'mysql-restore.sh',
  mysqlRestoreCheck: 'mysql-restore-check.sh',
  mysqlRestoreTest: 'mysql-restore-test.sh',
  xwikiCommon: 'xwiki-common.sh',
  xwikiExport: 'xwiki-export.sh',
  xwikiStageImport: 'xwiki-stage-import.sh',
  s3Common: 's3-common.sh',
  s3Upload: 's3-upload.sh',
  s3Fetch: 's3-fetch.sh',
} as const;

export type ScriptFile = (typeof scriptFiles)[keyof typeof scriptFiles];

/** Where the scripts are in the repository. */
export const scriptsDirectory = 'packages/backups/scripts';

/** Where the ConfigMap is mounted in the pods. */
export const scriptsMountPath = '/opt/backup-scripts';

/** The text of every script, by file name (the keys of the ConfigMap). */
export function readScripts(): Record<ScriptFile, string> {
  return Object.fromEntries(Object.values(scriptFiles).map((file) => [file, readWorkspaceFile(`${scriptsDirectory}/${file}`)])) as Record<ScriptFile, string>;
}

/** The command that runs a script in a container: bash or sh, then its path in the mount. */
export function scriptCommand(file: ScriptFile): string[] {
  const shell = file.startsWith('s3-') ? 'sh' : 'bash';
  return [shell, `${scriptsMountPath}/${file}`];
}
