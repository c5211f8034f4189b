import { type Environment, defineEnvironment, defaultSettings, locked } from '@open4goods/environments';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNameStem, parseBackupSelector } from './s3.ts';
import { scriptFiles } from './scripts.ts';
import { freePort, PrivateMariadb } from './testing/mariadb.ts';
import { removeRcloneImagePath, runBashScript, runBusyboxScript, runRclone } from './testing/run-script.ts';
import { LocalS3 } from './testing/s3.ts';
import { localRcloneVariables } from './testing/s3-environment.ts';
import { databaseToolsAvailable, s3ToolsAvailable } from './testing/tools.ts';

const toolsAvailable = databaseToolsAvailable() && s3ToolsAvailable();

const bucket = 'open4goods-backups';
const environment: Environment = defineEnvironment('e2e', 'packages/backups/src/mysql-backup.e2e.test.ts', {
  decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, bucket, prefix: 'open4goods/e2e', retentionDays: 30 }) },
});
const s3 = environment.decisions.s3.value;
const folder = `${s3.prefix}/mysql`;
// e2e-xwiki: the environment, then the database.
const stem = backupNameStem(environment, 'mysql');
// A password a shell, SQL or an option file would mangle if it were ever interpolated.
const applicationPassword = `p&ss "w'rd" $(id) \\ 🔑`;
const documentCount = 3000;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const utcStamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/** A few thousand XWiki-like rows: utf8mb4 text (emoji, CJK, accents), quotes, backslashes, line breaks, NUL, binary. */
function seedStatements(): string {
  const statements = [
    `CREATE TABLE xwikidoc (XWD_ID BIGINT PRIMARY KEY, XWD_FULLNAME VARCHAR(255) NOT NULL, XWD_TITLE VARCHAR(255), XWD_CONTENT MEDIUMTEXT, XWD_DATE DATETIME(3), XWD_HASH VARBINARY(32)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `CREATE TABLE xwikispace (XWS_ID BIGINT PRIMARY KEY, XWS_REFERENCE VARCHAR(255) NOT NULL) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `CREATE TABLE xwikircs (XWR_DOCID BIGINT, XWR_VERSION1 INT, XWR_PATCH MEDIUMTEXT, PRIMARY KEY (XWR_DOCID, XWR_VERSION1)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `CREATE TABLE xwikiobjects (XWO_ID BIGINT PRIMARY KEY, XWO_NAME VARCHAR(255)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `CREATE TABLE xwikiproperties (XWP_ID BIGINT, XWP_NAME VARCHAR(255), PRIMARY KEY (XWP_ID, XWP_NAME)) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `CREATE TABLE xwikiattachment (XWA_ID BIGINT PRIMARY KEY, XWA_FILENAME VARCHAR(255), XWA_SIZE BIGINT) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;`,
    `INSERT INTO xwikispace VALUES ${Array.from({ length: 50 }, (_, space) => `(${space}, 'Espace ${space} · 空间 🚀')`).join(',')};`,
  ];
  for (let start = 0; start < documentCount; start += 500) {
    const rows = Array.from({ length: 500 }, (_, offset) => {
      const id = start + offset;
      const content = `Ünïcødé ${id} 🔑 密码 ❤️ \\'single\\' "double" \\\\ backslash\\nsecond line\\ttab ${'x'.repeat(id % 97)}`;
      return `(${id}, 'Espace ${id % 50}.Page ${id}', 'Titre é ${id}', '${content}', '2026-01-0${(id % 9) + 1} 12:34:56.${String(id % 1000).padStart(3, '0')}', UNHEX(SHA2('${id}', 256)))`;
    });
    statements.push(`INSERT INTO xwikidoc VALUES ${rows.join(',')};`);
    statements.push(`INSERT INTO xwikircs SELECT XWD_ID, 1, CONCAT('patch ', XWD_CONTENT, CHAR(0), '🙂') FROM xwikidoc WHERE XWD_ID >= ${start} AND XWD_ID < ${start + 500};`);
  }
  statements.push(`INSERT INTO xwikiobjects SELECT XWD_ID, XWD_FULLNAME FROM xwikidoc WHERE XWD_ID % 3 = 0;`);
  statements.push(`INSERT INTO xwikiproperties SELECT XWO_ID, 'title' FROM xwikiobjects;`);
  statements.push(`INSERT INTO xwikiattachment SELECT XWD_ID, CONCAT('fichier-', XWD_ID, '-é.png'), XWD_ID * 1024 FROM xwikidoc WHERE XWD_ID % 10 = 0;`);
  return statements.join('\n');
}

/** Every table's rows in key order, as text, plus the stored programs: what must survive. */
function databaseState(database: PrivateMariadb, name: string): Record<string, string> {
  const tables = database.sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = '${name}' ORDER BY table_name`).trim().split('\n');
  const state: Record<string, string> = {};
  for (const table of tables) {
    const rows = database.sql(`SELECT * FROM \`${table}\` ORDER BY 1, 2`, name);
    state[`rows of ${table}`] = rows;
    state[`sha256 of ${table}`] = sha256(rows);
  }
  state.routines = database.sql(`SELECT routine_name, routine_definition FROM information_schema.routines WHERE routine_schema = '${name}'`);
  state.triggers = database.sql(`SELECT trigger_name, action_statement FROM information_schema.triggers WHERE trigger_schema = '${name}'`);
  state.events = database.sql(`SELECT event_name, event_definition FROM information_schema.events WHERE event_schema = '${name}'`);
  return state;
}

describe.runIf(toolsAvailable)('MySQL backups end to end: a private MariaDB, an S3 server on loopback, the real scripts', { timeout: 120_000 }, () => {
  let database: PrivateMariadb;
  let local: LocalS3;
  let rclone: Record<string, string>;
  let workDirectory: string;
  const newDirectory = () => mkdtempSync(join(workDirectory, 'scratch-'));

  /** The variables the dump and restore containers get, reaching the server as the application user. */
  const applicationUser = () => ({
    DATABASE_HOST: '127.0.0.1',
    DATABASE_PORT: String(database.port),
    DATABASE_USER: 'xwiki',
    MYSQL_PWD: applicationPassword,
    DATABASE_NAME: 'xwiki',
  });

  const dump = (directory: string) => runBashScript(scriptFiles.mysqlDump, { ...applicationUser(), BACKUP_DIRECTORY: directory, BACKUP_NAME: stem });
  const upload = (directory: string) => runBusyboxScript(scriptFiles.s3Upload, { ...rclone, BACKUP_DIRECTORY: directory, RETENTION_DAYS: String(s3.retentionDays) });
  const fetch = (directory: string, key = 'latest') => runBusyboxScript(scriptFiles.s3Fetch, { ...rclone, RESTORE_DIRECTORY: directory, BACKUP_KEY: key });
  const seedObject = async (name: string, content = 'old backup\n') => {
    const file = join(workDirectory, 'seed');
    writeFileSync(file, content);
    const result = await runRclone(['copyto', file, `backup:${bucket}/${name}`], rclone);
    expect(result.stderr).toBe('');
  };
  const mysqlKeys = () => local.keys().filter((key) => key.startsWith(`${folder}/`));

  beforeAll(async () => {
    workDirectory = mkdtempSync(join(tmpdir(), 'backups-e2e-'));
    [database, local] = await Promise.all([PrivateMariadb.start(), LocalS3.start(bucket)]);
    rclone = localRcloneVariables(environment, local, 'mysql');
    const quoted = applicationPassword.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
    database.sql(`CREATE DATABASE xwiki; CREATE USER 'xwiki'@'%' IDENTIFIED BY '${quoted}'; GRANT ALL ON xwiki.* TO 'xwiki'@'%';`);
    database.sql(seedStatements(), 'xwiki');
    // Stored programs as XWiki's own account would create them (the definer must be dumpable by it).
    const programs = spawnSqlAsApplication(database.port, [
      'CREATE TRIGGER xwikidoc_title BEFORE INSERT ON xwikidoc FOR EACH ROW SET NEW.XWD_TITLE = COALESCE(NEW.XWD_TITLE, NEW.XWD_FULLNAME);',
      "CREATE PROCEDURE count_pages() SELECT COUNT(*) FROM xwikidoc;",
      'CREATE EVENT purge_nothing ON SCHEDULE EVERY 1 DAY DISABLE DO SELECT 1;',
    ]);
    expect(programs).toBe('');
  }, 120_000);

  afterAll(async () => {
    await Promise.all([database?.stop(), local?.stop()]);
    removeRcloneImagePath();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  let firstBackup = '';

  it('dumps with the application account, uploads with SSE-S3, and stores the .sha256 last', async () => {
    const directory = newDirectory();
    const dumped = await dump(directory);
    expect(dumped.stderr).toBe('');
    expect(dumped.status).toBe(0);
    const [name] = readdirSync(directory);
    expect(name).toMatch(/^e2e-xwiki-\d{8}T\d{6}Z\.sql\.gz$/);
    firstBackup = name!;

    const uploaded = await upload(directory);
    expect(uploaded.stderr).toBe('');
    expect(uploaded.status).toBe(0);
    expect(uploaded.stdout).toContain(`stored s3://${bucket}/${folder}/${name}`);
    expect(mysqlKeys()).toEqual([`${folder}/${name}`, `${folder}/${name}.sha256`]);

    const uploads = local.uploadsUnder(folder);
    expect(uploads.map((request) => request.path)).toEqual([`/${bucket}/${folder}/${name}`, `/${bucket}/${folder}/${name}.sha256`]);
    for (const request of uploads) expect(request.headers['x-amz-server-side-encryption']).toBe('AES256');

    const checksum = (await runRclone(['cat', `backup:${bucket}/${folder}/${name}.sha256`], rclone)).stdout;
    expect(checksum).toBe(`${sha256(readFileSync(join(directory, name!)))}  ${name}\n`);
  });

  it('sends SSE-KMS headers with the key id when the environment decides SSE-KMS', async () => {
    const kms = defineEnvironment('kms', 'packages/backups/src/mysql-backup.e2e.test.ts', {
      decisions: { s3: locked({ ...s3, prefix: 'open4goods/kms', encryption: { mode: 'SSE-KMS' as const, kmsKeyId: 'arn:aws:kms:gra:123:key/backups' } }) },
    });
    const directory = newDirectory();
    writeFileSync(join(directory, `kms-xwiki-${utcStamp(new Date())}.sql.gz`), 'not inspected by the upload');
    const uploaded = await runBusyboxScript(scriptFiles.s3Upload, { ...localRcloneVariables(kms, local, 'mysql'), BACKUP_DIRECTORY: directory, RETENTION_DAYS: '30' });
    expect(uploaded.status).toBe(0);
    const uploads = local.uploadsUnder('open4goods/kms/');
    expect(uploads).toHaveLength(2);
    for (const request of uploads) {
      expect(request.headers['x-amz-server-side-encryption']).toBe('aws:kms');
      expect(request.headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('arn:aws:kms:gra:123:key/backups');
    }
  });

  it('applies the retention: deletes only its own backups older than the limit, by the time in its name; names with blanks neither stop it nor are deleted', async () => {
    const now = Date.now();
    const oldStamp = utcStamp(new Date(now - 40 * 86_400_000));
    const old = `${stem}-${oldStamp}.sql.gz`;
    const justOld = `${stem}-${utcStamp(new Date(now - 30 * 86_400_000 - 3_600_000))}.sql.gz`;
    const recent = `${stem}-${utcStamp(new Date(now - 29 * 86_400_000))}.sql.gz`;
    for (const name of [old, justOld, recent]) {
      await seedObject(`${folder}/${name}`);
      await seedObject(`${folder}/${name}.sha256`);
    }
    // Old, under the prefix, but not this environment's backups: none of them may go.
    const notOurs = [
      'notes-from-an-operator.txt',
      `copy of ${old}`,
      `${old} (copy)`,
      `e2e xwiki-${oldStamp}.sql.gz`,
      `prod-xwiki-${oldStamp}.sql.gz`,
      `prod-xwiki-${oldStamp}.sql.gz.sha256`,
      `xwiki-${oldStamp}.sql.gz`,
      `e2e-xwiki-other-${oldStamp}.sql.gz`,
    ];
    for (const name of notOurs) await seedObject(`${folder}/${name}`);
    await seedObject(`${s3.prefix}/xwiki/${stem}-20200101T000000Z.xar`);
    await seedObject(`${folder}/nested/${old}`);
    await seedObject(`open4goods/other-environment/mysql/${old}`);

    await sleep(1100); // a new second, so the new dump gets a new name
    const directory = newDirectory();
    expect((await dump(directory)).status).toBe(0);
    const [name] = readdirSync(directory);
    const uploaded = await upload(directory);
    expect(uploaded.status).toBe(0);
    expect(uploaded.stdout).toContain(`retention: deleted ${old}`);
    expect(uploaded.stdout).toContain(`retention: deleted ${justOld}`);
    expect(uploaded.stdout).toContain(`retention: 2 backup(s) of ${stem} older than`);

    expect(uploaded.stderr).toBe('');
    expect(mysqlKeys()).toEqual(
      [firstBackup, `${firstBackup}.sha256`, recent, `${recent}.sha256`, name!, `${name}.sha256`, ...notOurs, `nested/${old}`].map((key) => `${folder}/${key}`).sort(),
    );
    expect(local.keys()).toContain(`${s3.prefix}/xwiki/${stem}-20200101T000000Z.xar`);
    expect(local.keys()).toContain(`open4goods/other-environment/mysql/${old}`);
  });

  it('restores the latest dump into a fresh database: every row, trigger, routine and event is equal', async () => {
    const before = databaseState(database, 'xwiki');
    expect(Number(database.sql('SELECT COUNT(*) FROM xwikidoc', 'xwiki'))).toBe(documentCount);
    const checksumsBefore = database.sql('CHECKSUM TABLE xwikidoc, xwikircs, xwikispace EXTENDED', 'xwiki');

    database.sql('DROP DATABASE xwiki;');
    const directory = newDirectory();
    const fetched = await fetch(directory);
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    const [name] = readdirSync(directory);
    expect(fetched.stdout).toContain(`${name} verified`);
    // latest is the newest complete backup, not the future-dated or foreign objects.
    expect(mysqlKeys()).toContain(`${folder}/${name}`);

    const restored = await runBashScript(scriptFiles.mysqlRestore, { ...applicationUser(), RESTORE_DIRECTORY: directory });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('restored 6 tables into xwiki');

    expect(databaseState(database, 'xwiki')).toEqual(before);
    expect(database.sql('CHECKSUM TABLE xwikidoc, xwikircs, xwikispace EXTENDED', 'xwiki')).toBe(checksumsBefore);
    expect(database.sql("SELECT XWD_CONTENT FROM xwikidoc WHERE XWD_ID = 42", 'xwiki')).toContain('Ünïcødé 42 🔑 密码 ❤️');
  });

  it('passes the restore test checks, over the socket as root, like the throw-away server in the cluster', async () => {
    const directory = newDirectory();
    expect((await fetch(directory)).status).toBe(0);
    const checks = {
      DATABASE_HOST: database.socket,
      DATABASE_USER: 'root',
      DATABASE_NAME: 'rehearsal',
      RESTORE_DIRECTORY: directory,
      REQUIRED_TABLES: 'xwikidoc xwikircs xwikiobjects xwikiproperties xwikiattachment xwikispace',
      DOCUMENT_TABLE: 'xwikidoc',
      SAMPLE_TABLES: 'xwikidoc xwikispace',
    };
    const result = await runBashScript(scriptFiles.mysqlRestoreTest, checks);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`restore-check: xwikidoc holds ${documentCount} rows`);
    expect(result.stdout).toMatch(/rows of xwikidoc identical to the dump \(sha256 [0-9a-f]{64}\)/);
    expect(result.stdout).toContain('restore-check: OK');

    database.sql("UPDATE xwikispace SET XWS_REFERENCE = 'tampered' WHERE XWS_ID = 7", 'rehearsal');
    const tampered = await runBashScript(scriptFiles.mysqlRestoreCheck, checks);
    expect(tampered.status).not.toBe(0);
    expect(tampered.stderr).toMatch(/^restore-check: FAILED: the rows of xwikispace differ from the dump/m);

    database.sql('DROP TABLE xwikiattachment', 'rehearsal');
    const missing = await runBashScript(scriptFiles.mysqlRestoreCheck, checks);
    expect(missing.stderr).toContain('restore-check: FAILED: tables missing from rehearsal: xwikiattachment');

    database.sql('DELETE FROM xwikidoc', 'rehearsal');
    const empty = await runBashScript(scriptFiles.mysqlRestoreCheck, { ...checks, REQUIRED_TABLES: 'xwikidoc' });
    expect(empty.stderr).toContain('restore-check: FAILED: xwikidoc is empty');
    database.sql('DROP DATABASE rehearsal');
  });

  it('fetches a backup by its name or its full key, and refuses a key outside the prefix, as o4g restore does', async () => {
    for (const key of [firstBackup, `${folder}/${firstBackup}`]) {
      const directory = newDirectory();
      const fetched = await fetch(directory, key);
      expect(fetched.status).toBe(0);
      expect(readdirSync(directory)).toEqual([firstBackup]);
      expect(parseBackupSelector(environment, 'mysql', key)).toBe(key);
    }
    const outside = `open4goods/other-environment/mysql/${firstBackup}`;
    const refused = await fetch(newDirectory(), outside);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain(`s3-fetch: key ${outside} is not under ${folder}/ in bucket ${bucket}`);
    expect(() => parseBackupSelector(environment, 'mysql', outside)).toThrow(/is not under open4goods\/e2e\/mysql\//);
  });

  it('fails a dump of an unreachable database with a clear message and writes nothing; the upload then has nothing to send', async () => {
    const closedPort = await freePort();
    const directory = newDirectory();
    const dumped = await runBashScript(scriptFiles.mysqlDump, { ...applicationUser(), DATABASE_PORT: String(closedPort), BACKUP_DIRECTORY: directory, BACKUP_NAME: stem });
    expect(dumped.status).not.toBe(0);
    expect(dumped.stderr).toContain(`mysql-dump: mysqldump of xwiki on 127.0.0.1:${closedPort} failed (see its message above); nothing was written`);
    expect(readdirSync(directory)).toEqual([]);

    const keys = local.keys();
    const uploaded = await upload(directory);
    expect(uploaded.status).not.toBe(0);
    expect(uploaded.stderr).toContain('s3-upload: no finished backup (e2e-xwiki-<timestamp>.sql.gz) in');
    expect(local.keys()).toEqual(keys);
  });

  it('fails a dump the account may not read, without leaving a file', async () => {
    const directory = newDirectory();
    const dumped = await runBashScript(scriptFiles.mysqlDump, { ...applicationUser(), MYSQL_PWD: 'wrong password', BACKUP_DIRECTORY: directory, BACKUP_NAME: stem });
    expect(dumped.status).not.toBe(0);
    expect(dumped.stderr).toMatch(/Access denied for user 'xwiki'/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('fails when the upload fails and leaves no object in S3', async () => {
    await sleep(1100);
    const directory = newDirectory();
    expect((await dump(directory)).status).toBe(0);
    const [name] = readdirSync(directory);
    const keys = local.keys();
    local.failWhen((request) => request.method === 'PUT' && request.path.endsWith(name!));
    const uploaded = await upload(directory);
    local.failWhen(undefined);
    expect(uploaded.status).not.toBe(0);
    expect(uploaded.stderr).toContain(`s3-upload: upload of ${name} to s3://${bucket}/${folder} failed`);
    expect(local.keys()).toEqual(keys);
  });

  it('removes the stored object when its .sha256 cannot be written, so S3 never keeps a partial backup', async () => {
    await sleep(1100);
    const directory = newDirectory();
    expect((await dump(directory)).status).toBe(0);
    const [name] = readdirSync(directory);
    const keys = local.keys();
    local.failWhen((request) => request.method === 'PUT' && request.path.endsWith('.sha256'));
    const uploaded = await upload(directory);
    local.failWhen(undefined);
    expect(uploaded.status).not.toBe(0);
    expect(uploaded.stderr).toContain(`s3-upload: upload of ${name}.sha256`);
    expect(uploaded.stderr).toContain('s3-upload: removed what this run had written');
    expect(local.requests.some((request) => request.method === 'PUT' && request.path.endsWith(name!))).toBe(true);
    expect(local.keys()).toEqual(keys);
  });

  it('refuses a stored object that does not match its .sha256, and keeps nothing of it', async () => {
    await seedObject(`${folder}/${firstBackup}`, 'bit rot');
    const directory = newDirectory();
    const fetched = await fetch(directory, firstBackup);
    expect(fetched.status).not.toBe(0);
    expect(fetched.stderr).toContain(`s3-fetch: ${firstBackup} does not match its .sha256: the object is corrupted`);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('refuses a truncated dump before dropping anything', async () => {
    const directory = newDirectory();
    expect((await fetch(directory)).status).toBe(0);
    const [name] = readdirSync(directory);
    const file = join(directory, name!);
    const content = readFileSync(file);
    writeFileSync(file, content.subarray(0, Math.floor(content.length / 2)));
    const rowsBefore = database.sql('SELECT COUNT(*) FROM xwikidoc', 'xwiki');
    const restored = await runBashScript(scriptFiles.mysqlRestore, { ...applicationUser(), RESTORE_DIRECTORY: directory });
    expect(restored.status).not.toBe(0);
    expect(restored.stderr).toMatch(/mysql-restore: refusing to restore: \S+ is not a readable gzip file/);
    expect(database.sql('SELECT COUNT(*) FROM xwikidoc', 'xwiki')).toBe(rowsBefore);
  });
});

/** Runs SQL over TCP as the application account (so its objects have it as definer); returns stderr. */
function spawnSqlAsApplication(port: number, statements: readonly string[]): string {
  const client = spawnSync(
    'mariadb',
    ['--no-defaults', '--protocol=TCP', '--host=127.0.0.1', `--port=${port}`, '--user=xwiki', '--default-character-set=utf8mb4', 'xwiki'],
    { input: statements.join('\n'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', MYSQL_PWD: applicationPassword } },
  );
  return client.stderr;
}
