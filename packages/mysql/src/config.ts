import { type Environment, parseByteQuantity } from '@open4goods/environments';
import { mysqlExporterUser, mysqlLongQueryTimeSeconds, mysqlSocketPath } from './names.ts';
import { smokeAccountStatements } from './smoke-account.ts';

/**
 * `my.cnf` for XWiki on MySQL 8.4. XWiki needs utf8mb4 with a binary collation (page names are
 * case-sensitive) and explicit timestamp defaults; the rest is sizing from the environment and
 * a smaller attack surface (no X protocol, no DNS lookups, no file import/export).
 */
export function renderMysqlConfiguration(environment: Environment): string {
  const bufferPoolBytes = parseByteQuantity(environment.mysql.innodbBufferPoolSize)!;
  return [
    '[mysqld]',
    'character-set-server = utf8mb4',
    'collation-server = utf8mb4_bin',
    'explicit_defaults_for_timestamp = ON',
    `innodb_buffer_pool_size = ${bufferPoolBytes}`,
    `max_connections = ${environment.mysql.maxConnections}`,
    // XWiki stores large documents and attachment metadata in single rows.
    'max_allowed_packet = 64M',
    'skip-name-resolve = ON',
    'mysqlx = OFF',
    // The entrypoint would create the default secure-file-priv directory on the read-only root.
    'secure-file-priv = NULL',
    `socket = ${mysqlSocketPath}`,
    // Slow queries are counted (Slow_queries) and logged for the slow-query alert.
    'slow_query_log = ON',
    `long_query_time = ${mysqlLongQueryTimeSeconds}`,
    '',
    '[client]',
    'default-character-set = utf8mb4',
    `socket = ${mysqlSocketPath}`,
    '',
  ].join('\n');
}

/**
 * Run once by the image's entrypoint when the data directory is first initialised, after the
 * exporter's: creates the smoke account and its scratch database. The password comes from the
 * container's environment (the credentials Secret), never from this file.
 */
export function renderSmokeAccountInitScript(): string {
  return [
    '#!/bin/bash',
    '# Sourced by docker-entrypoint.sh on first initialisation; docker_process_sql is defined there.',
    'docker_process_sql --database=mysql <<-EOSQL',
    ...smokeAccountStatements('${MYSQL_SMOKE_PASSWORD}').split('\n').map((statement) => `\t${statement}`),
    'EOSQL',
    '',
  ].join('\n');
}

/**
 * Run once by the image's entrypoint when the data directory is first initialised: creates the
 * exporter account, reachable from the pod's loopback only. The password comes from the
 * environment of the container (the credentials Secret), never from this file.
 */
export function renderExporterUserInitScript(): string {
  return [
    '#!/bin/bash',
    '# Sourced by docker-entrypoint.sh on first initialisation; docker_process_sql is defined there.',
    'docker_process_sql --database=mysql <<-EOSQL',
    `\tCREATE USER IF NOT EXISTS '${mysqlExporterUser}'@'127.0.0.1' IDENTIFIED BY '\${MYSQLD_EXPORTER_PASSWORD}' WITH MAX_USER_CONNECTIONS 3;`,
    `\tGRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO '${mysqlExporterUser}'@'127.0.0.1';`,
    'EOSQL',
    '',
  ].join('\n');
}
