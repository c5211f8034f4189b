/**
 * Names other packages rely on (XWiki's JDBC URL, backups, NetworkPolicies, monitors). Import
 * them instead of repeating the strings, so a rename breaks the build, not production.
 */
export const mysqlName = 'mysql';
/** The unit carrying the namespace, the database and its credentials (others depend on it). */
export const mysqlUnitName = 'database';
/** ClusterIP Service clients connect to. */
export const mysqlServiceName = 'mysql';
/** Headless Service that gives the StatefulSet pod its stable DNS name. */
export const mysqlHeadlessServiceName = 'mysql-headless';
export const mysqlPort = 3306;
export const mysqlPortName = 'mysql';
export const mysqlExporterPort = 9104;
export const mysqlExporterPortName = 'metrics';
/**
 * Queries slower than this are counted (Slow_queries) and logged; the slow-query alert counts them.
 */
export const mysqlLongQueryTimeSeconds = 2;
/**
 * Collectors the exporter runs besides its defaults: the statement summary of performance_schema
 * gives the query count and total latency (the dashboard's mean query latency).
 */
export const mysqlExporterExtraCollectors = ['--collect.perf_schema.eventsstatementssum'] as const;
export const mysqlConfigMapName = 'mysql-config';
export const mysqlInitScriptsConfigMapName = 'mysql-initdb';

/** The Secret holding every MySQL credential (declared in the secret contract, never rendered). */
export const mysqlCredentialsSecretName = 'mysql-credentials';
export const mysqlCredentialKeys = {
  rootPassword: 'root-password',
  /** Password of the application user (the environment's mysql.user). */
  userPassword: 'user-password',
  exporterPassword: 'exporter-password',
  /** Password of the smoke account (smoke-account.ts), which the in-cluster CRUD smoke test logs in as. */
  smokePassword: 'smoke-password',
} as const;

/** The exporter's MySQL account: loopback only, limited connections, read-only grants. */
export const mysqlExporterUser = 'exporter';

/** The image's fixed mysql user and group (docker-library Dockerfile). */
export const mysqlUid = 999;

export const mysqlDataPath = '/var/lib/mysql';
/** The StatefulSet's volume claim template, and the claim it creates for the one pod. */
export const mysqlDataVolumeClaimTemplateName = 'data';
export const mysqlDataClaimName = `${mysqlDataVolumeClaimTemplateName}-${mysqlName}-0`;
export const mysqlSocketDirectory = '/var/run/mysqld';
export const mysqlSocketPath = `${mysqlSocketDirectory}/mysqld.sock`;
