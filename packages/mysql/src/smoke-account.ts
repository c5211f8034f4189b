/**
 * The account of the in-cluster CRUD smoke test (packages/smoke): it may create, fill and drop
 * tables in its own scratch database and nothing else, so a smoke test can never touch the wiki's
 * data. Created with the exporter account when the data directory is first initialised.
 */
export const mysqlSmokeAccount = {
  user: 'smoke',
  /** The scratch database the smoke test creates its table in (never dumped: backups dump the wiki's database only). */
  database: 'smoke',
  /** One connection per smoke run, and one spare for an operator looking at a stuck run. */
  maxConnections: 2,
} as const;

/**
 * The SQL that creates the scratch database and the smoke account. `passwordLiteral` is inserted
 * as it is between single quotes: the init script passes a shell expansion of the container's
 * variable (the Secret's key), a test a literal.
 */
export function smokeAccountStatements(passwordLiteral: string): string {
  const { user, database, maxConnections } = mysqlSmokeAccount;
  return [
    `CREATE DATABASE IF NOT EXISTS \`${database}\` DEFAULT CHARACTER SET utf8mb4;`,
    `CREATE USER IF NOT EXISTS '${user}'@'%' IDENTIFIED BY '${passwordLiteral}' WITH MAX_USER_CONNECTIONS ${maxConnections};`,
    `GRANT CREATE, DROP, SELECT, INSERT, UPDATE, DELETE ON \`${database}\`.* TO '${user}'@'%';`,
  ].join('\n');
}
