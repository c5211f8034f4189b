import { PrivateMariadb, databaseToolsAvailable, freePort } from '@open4goods/backups/testing';
import { externalToolAvailable } from '@open4goods/kit/testing';
import { mysqlSmokeAccount, smokeAccountStatements } from '@open4goods/mysql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SlowNetwork,
  accountSql,
  connectionAttempts,
  eventually,
  latencyLines,
  rootSql,
  runMysqlCrudSmoke,
  smokeTables,
  sqlEscaped,
  startMysqlCrudSmoke,
} from './testing/mysql-crud.ts';

// The script runs `mysql`, the name the mysql image has (Debian's MariaDB client answers to it too).
const toolsAvailable = databaseToolsAvailable() && externalToolAvailable('mysql', ['--version'], 'the MySQL CRUD smoke end-to-end tests');

// A password a shell, SQL or an option file would mangle if it were ever interpolated.
const smokePassword = `sm'o"ke $(id) \`id\` \\ 🔑 with spaces`;
const { user, database: scratchDatabase } = mysqlSmokeAccount;
const operations = ['insert', 'read', 'update', 'delete'] as const;

const lines = (output: string) => output.trimEnd().split('\n');

describe.runIf(toolsAvailable)('mysql-crud smoke: the real script against a private MariaDB, as the real smoke account', { timeout: 120_000 }, () => {
  let database: PrivateMariadb;

  /** Exactly the variables the Job gives the container; `null` leaves one out. */
  const jobVariables = (overrides: Readonly<Record<string, string | null>> = {}): Record<string, string> => {
    const variables: Record<string, string | null> = {
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(database.port),
      DATABASE_USER: user,
      MYSQL_PWD: smokePassword,
      SMOKE_DATABASE: scratchDatabase,
      SMOKE_ROWS: '300',
      SMOKE_MAX_P50_MS: '1000',
      SMOKE_MAX_P95_MS: '5000',
      ...overrides,
    };
    return Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== null));
  };

  /**
   * Starts a run behind a slow network (so its inserts take seconds), waits until its table holds
   * row 1 and lets root act on it then, long before the run reaches its last insert or its reads.
   */
  const interfereWhileInserting = async (interfere: (table: string) => Promise<unknown>) => {
    const network = await SlowNetwork.start(database.port, 20);
    try {
      const run = runMysqlCrudSmoke(jobVariables({ DATABASE_PORT: String(network.port), SMOKE_ROWS: '100' }));
      const table = await eventually('row 1 of the smoke table', async () => {
        const [table] = await smokeTables(database, scratchDatabase);
        if (!table) return undefined;
        return (await rootSql(database, `SELECT COUNT(*) FROM \`${scratchDatabase}\`.\`${table}\` WHERE id = 1`)).trim() === '1' ? table : undefined;
      });
      await interfere(table);
      return await run;
    } finally {
      await network.stop();
    }
  };

  beforeAll(async () => {
    database = await PrivateMariadb.start();
    // The account exactly as the mysql package creates it; the literal goes between single quotes.
    database.sql(smokeAccountStatements(sqlEscaped(smokePassword)));
    database.sql('CREATE DATABASE wiki; CREATE TABLE wiki.xwikidoc (id INT PRIMARY KEY); INSERT INTO wiki.xwikidoc VALUES (1);');
  }, 120_000);

  afterAll(async () => {
    await database?.stop();
  });

  it('inserts, reads back, updates and deletes over one connection, reports each operation and passes generous bounds', async () => {
    const attemptsBefore = await connectionAttempts(database);
    const result = await runMysqlCrudSmoke(jobVariables());
    const attemptsAfter = await connectionAttempts(database);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const output = lines(result.stdout);
    expect(output[0]).toMatch(/^smoke mysql-crud: server 127\.0\.0\.1:\d+ \(10\.11\.\S*MariaDB\S*\) as smoke, table smoke\.crud_smoke_\d{8}T\d{6}_[0-9a-f]{8}, 300 rows$/);
    const latencies = latencyLines(result.stdout);
    expect(Object.keys(latencies)).toEqual(operations);
    for (const operation of operations) {
      const { count, p50, p95, max } = latencies[operation]!;
      expect(count).toBe(300);
      expect(p50).toBeGreaterThan(0);
      expect(p50).toBeLessThanOrEqual(p95);
      expect(p95).toBeLessThanOrEqual(max);
    }
    expect(output.slice(5)).toEqual([
      'PASS crud: 300 rows inserted, read back, updated and deleted, every write confirmed; the table was left empty and dropped',
      ...operations.flatMap((operation) => [
        `PASS ${operation} p50 ${latencies[operation]!.p50.toFixed(3)} ms <= 1000 ms`,
        `PASS ${operation} p95 ${latencies[operation]!.p95.toFixed(3)} ms <= 5000 ms`,
      ]),
      'RESULT mysql-crud: passed (9 checks)',
    ]);
    expect(result.stdout).not.toMatch(/\d+ passed, \d+ failed/);
    // One connection for the whole run (the other attempt is root's second count): 1200 statements,
    // no client started per operation.
    expect(attemptsAfter - attemptsBefore).toBe(2);
    expect(await smokeTables(database, scratchDatabase)).toEqual([]);
  });

  it('ran as an account that can do nothing outside its scratch database', async () => {
    const own = await accountSql(database.port, user, smokePassword, `CREATE TABLE ${scratchDatabase}.probe (id INT); DROP TABLE ${scratchDatabase}.probe;`);
    expect(own.stderr).toBe('');
    expect(own.status).toBe(0);
    const refusals = [
      ['SELECT * FROM wiki.xwikidoc', /ERROR 1142 .*SELECT command denied/],
      ['DELETE FROM wiki.xwikidoc', /ERROR 1142 .*DELETE command denied/],
      ['CREATE TABLE wiki.intruder (id INT)', /ERROR 1142 .*CREATE command denied/],
      ['CREATE DATABASE elsewhere', /ERROR 1044 .*Access denied for user 'smoke'/],
      ['SELECT User FROM mysql.user', /ERROR 1142 .*SELECT command denied/],
    ] as const;
    for (const [statement, refusal] of refusals) {
      const result = await accountSql(database.port, user, smokePassword, statement);
      expect(result.status, statement).toBe(1);
      expect(result.stderr, statement).toMatch(refusal);
    }
    expect(database.sql('SELECT COUNT(*) FROM wiki.xwikidoc').trim()).toBe('1');
  });

  it('fails the bounds a slow network cannot meet, with the round trips it measured', async () => {
    // Every reply is held 30 ms: each round trip takes at least that long on any machine, so a
    // 10 ms median fails for every operation, while the 95th percentile bound is far out of reach.
    const network = await SlowNetwork.start(database.port, 30);
    const result = await runMysqlCrudSmoke(jobVariables({ DATABASE_PORT: String(network.port), SMOKE_ROWS: '100', SMOKE_MAX_P50_MS: '10', SMOKE_MAX_P95_MS: '60000' })).finally(
      () => network.stop(),
    );

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const latencies = latencyLines(result.stdout);
    expect(Object.keys(latencies)).toEqual(operations);
    for (const operation of operations) {
      // At least the delay (less a millisecond: Node may fire a timer that much early), and one
      // round trip, not two: a write and its ROW_COUNT() go to the server together.
      expect(latencies[operation]!.p50).toBeGreaterThanOrEqual(29);
      expect(latencies[operation]!.p50).toBeLessThan(60);
    }
    expect(lines(result.stdout).slice(5)).toEqual([
      'PASS crud: 100 rows inserted, read back, updated and deleted, every write confirmed; the table was left empty and dropped',
      ...operations.flatMap((operation) => [
        `FAIL ${operation} p50 ${latencies[operation]!.p50.toFixed(3)} ms > 10 ms`,
        `PASS ${operation} p95 ${latencies[operation]!.p95.toFixed(3)} ms <= 60000 ms`,
      ]),
      'RESULT mysql-crud: failed (4 of 9 checks)',
    ]);
    expect(await smokeTables(database, scratchDatabase)).toEqual([]);
  });

  it('stops at an SQL error with the server’s message, and still drops its table', async () => {
    // Root takes the id of the run's last insert while the run is still at its first ones.
    const result = await interfereWhileInserting((table) => rootSql(database, `INSERT INTO \`${scratchDatabase}\`.\`${table}\` (id, payload) VALUES (100, 'taken by root')`));

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(lines(result.stdout).slice(1)).toEqual([expect.stringMatching(/^FAIL insert: row 100: ERROR 1062 \(23000\).*Duplicate entry '100' for key 'PRIMARY'$/), 'RESULT mysql-crud: failed (1 of 1 checks)']);
    expect(await smokeTables(database, scratchDatabase)).toEqual([]);
  });

  it('fails when a row reads back other than written, and still drops its table', async () => {
    // Root rewrites row 1 while the run is inserting: its first read must see the change.
    const result = await interfereWhileInserting((table) => rootSql(database, `UPDATE \`${scratchDatabase}\`.\`${table}\` SET payload = 'rewritten by root' WHERE id = 1`));

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(lines(result.stdout).slice(1)).toEqual([
      expect.stringMatching(/^FAIL read: row 1: replied "1 rewritten by root", expected 1 "row 1 version 1 [0-9a-f]+ 🚀" \(the payload written\)$/),
      'RESULT mysql-crud: failed (1 of 1 checks)',
    ]);
    expect(await smokeTables(database, scratchDatabase)).toEqual([]);
  });

  it('names the server and the account, never the password, when the password is wrong', async () => {
    const wrongPassword = `not 'the' $(one) \\ 🔑`;
    const result = await runMysqlCrudSmoke(jobVariables({ MYSQL_PWD: wrongPassword }));

    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^FAIL connect: cannot connect to 127\\.0\\.0\\.1:${database.port} as smoke \\(database smoke\\): ERROR 1045 \\(28000\\): Access denied for user 'smoke'`)),
      'RESULT mysql-crud: failed (1 of 1 checks)',
    ]);
    for (const secret of [wrongPassword, smokePassword, 'not \'the\'', '$(one)']) {
      expect(result.stdout + result.stderr).not.toContain(secret);
    }
  });

  it('names the server and the account when nothing listens', async () => {
    const port = await freePort();
    const result = await runMysqlCrudSmoke(jobVariables({ DATABASE_PORT: String(port) }));

    expect(result.status).toBe(1);
    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(new RegExp(`^FAIL connect: cannot connect to 127\\.0\\.0\\.1:${port} as smoke \\(database smoke\\): ERROR 200[23] `)),
      'RESULT mysql-crud: failed (1 of 1 checks)',
    ]);
  });

  it.each([
    ['SMOKE_ROWS=abc', 'SMOKE_ROWS', 'abc'],
    ['SMOKE_ROWS=10 (too few for a 95th percentile)', 'SMOKE_ROWS', '10'],
    ['a missing DATABASE_HOST', 'DATABASE_HOST', null],
    ['a socket path as DATABASE_HOST', 'DATABASE_HOST', '/run/mysqld/mysqld.sock'],
    ['DATABASE_PORT=70000', 'DATABASE_PORT', '70000'],
    ['a missing MYSQL_PWD', 'MYSQL_PWD', null],
    ['an SQL fragment as SMOKE_DATABASE', 'SMOKE_DATABASE', 'smoke`; DROP DATABASE wiki; --'],
    ['SMOKE_MAX_P50_MS=0', 'SMOKE_MAX_P50_MS', '0'],
    ['SMOKE_MAX_P95_MS=-1', 'SMOKE_MAX_P95_MS', '-1'],
    ['SMOKE_MAX_P95_MS=1.5', 'SMOKE_MAX_P95_MS', '1.5'],
  ] as const)('refuses %s before connecting: exit 2 and a message naming the variable', async (_case, variable, value) => {
    const attemptsBefore = await connectionAttempts(database);
    const result = await runMysqlCrudSmoke(jobVariables({ [variable]: value }));
    const attemptsAfter = await connectionAttempts(database);

    expect(result.status).toBe(2);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(new RegExp(`^smoke mysql-crud: ${variable}: [^\\n]+, expected [^\\n]+$`))]);
    expect(lines(result.stdout)).toEqual([
      'FAIL configuration: 1 problem(s), see the messages above; nothing was tried',
      'RESULT mysql-crud: failed (1 of 1 checks)',
    ]);
    // The only connection in between is root's second count.
    expect(attemptsAfter - attemptsBefore).toBe(1);
  });

  it('reports every malformed variable at once', async () => {
    const result = await runMysqlCrudSmoke(jobVariables({ DATABASE_HOST: null, SMOKE_ROWS: 'many', SMOKE_MAX_P95_MS: '-1' }));

    expect(result.status).toBe(2);
    expect(lines(result.stderr).map((line) => line.split(':')[1]!.trim())).toEqual(['DATABASE_HOST', 'SMOKE_ROWS', 'SMOKE_MAX_P95_MS']);
  });

  it('drops its table and closes its connection when Kubernetes stops it (SIGTERM) mid-run', async () => {
    const network = await SlowNetwork.start(database.port, 10);
    try {
      const run = startMysqlCrudSmoke(jobVariables({ DATABASE_PORT: String(network.port), SMOKE_ROWS: '1000' }));
      await eventually('the run to be inserting rows', async () => {
        const [table] = await smokeTables(database, scratchDatabase);
        if (!table) return undefined;
        const rows = Number(await rootSql(database, `SELECT COUNT(*) FROM \`${scratchDatabase}\`.\`${table}\``));
        return rows >= 5 ? table : undefined;
      });
      // Only the script's shell, as the kubelet signals the container's first process.
      run.process.kill('SIGTERM');
      const result = await run.finished;

      expect(result.status).toBe(1);
      expect(lines(result.stdout).slice(1)).toEqual([
        expect.stringMatching(/^FAIL interrupted: SIGTERM received while inserting rows \(row \d+ of 1000\)$/),
        'RESULT mysql-crud: failed (1 of 1 checks)',
      ]);
      expect(await smokeTables(database, scratchDatabase)).toEqual([]);
      await eventually(
        'the smoke connections to close',
        async () => ((await rootSql(database, `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '${user}'`)).trim() === '0' ? true : undefined),
        10_000,
      );
    } finally {
      await network.stop();
    }
  });
});
