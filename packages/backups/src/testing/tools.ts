import { externalToolAvailable } from '@open4goods/kit/testing';

/**
 * The programs the end-to-end suites run: a private MariaDB server and its clients (Debian
 * mariadb-server), rclone (Debian), busybox (the shell and tools of the rclone image), curl and
 * unzip (as in the XWiki image). Missing ones skip the suites locally and fail them under CI=true.
 */
export function databaseToolsAvailable(): boolean {
  return (
    externalToolAvailable('mariadbd', ['--version'], 'the MySQL backup and restore end-to-end tests') &&
    externalToolAvailable('mariadb', ['--version'], 'the MySQL backup and restore end-to-end tests') &&
    externalToolAvailable('mysqldump', ['--version'], 'the MySQL backup and restore end-to-end tests')
  );
}

export function s3ToolsAvailable(): boolean {
  return (
    externalToolAvailable('rclone', ['version'], 'the S3 upload, retention and fetch end-to-end tests') &&
    externalToolAvailable('busybox', ['--help'], 'the S3 scripts run with the shell of the rclone image')
  );
}

export function httpToolsAvailable(): boolean {
  return (
    externalToolAvailable('curl', ['--version'], 'the XWiki export end-to-end tests') && externalToolAvailable('unzip', ['-v'], 'the XWiki export end-to-end tests')
  );
}
