import { LocalS3, freePort, localRcloneVariables, policyAllows, s3CallOf, s3ToolsAvailable, zipArchive } from '@open4goods/backups/testing';
import { type Environment, defineEnvironment, defaultSettings, locked } from '@open4goods/environments';
import { s3AccessPolicy } from '@open4goods/kit';
import { BusyboxImagePath, type ProgramResult } from '@open4goods/kit/testing';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeSecretRequirements } from './checks.ts';
import { smokeScriptFiles } from './scripts.ts';

const script = fileURLToPath(new URL(`../scripts/${smokeScriptFiles.backupsPresent}`, import.meta.url));

// What the script uses of the rclone image (Alpine: busybox applets and rclone), nothing more.
const rcloneImageApplets = ['sh', 'awk', 'cat', 'date', 'gzip', 'mkfifo', 'mktemp', 'rm', 'sha256sum', 'sort', 'tail', 'tee', 'unzip'] as const;

const bucket = 'open4goods-backups';
const environment: Environment = defineEnvironment('e2e', 'packages/smoke/src/backups-present-smoke.e2e.test.ts', {
  decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, bucket, prefix: 'open4goods/e2e' }) },
});
const s3 = environment.decisions.s3.value;
const oneDay = 86_400;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const lines = (output: string) => output.trimEnd().split('\n');

describe.runIf(s3ToolsAvailable())('backups-present smoke: the newest object of each backup folder, listed from an S3 server on loopback', { timeout: 60_000 }, () => {
  let local: LocalS3;
  let image: BusyboxImagePath;
  let rclone: Record<string, string>;
  let workDirectory: string;
  let caseNumber = 0;

  /** A prefix of its own for each case, so the objects one case seeds are not seen by another. */
  const freshPrefix = () => `${s3.prefix}/case-${++caseNumber}`;

  /** Writes an object as the backup jobs do (rclone copyto); `localMtime` is the source file's time, which rclone stores as metadata. */
  const seed = async (key: string, localMtime?: Date, content: Buffer | string = `content of ${key}\n`) => {
    const file = join(workDirectory, 'seed');
    writeFileSync(file, content);
    if (localMtime) utimesSync(file, localMtime, localMtime);
    const result = await image.runProgram('rclone', ['copyto', file, `backup:${bucket}/${key}`], rclone);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  };

  /** Runs the smoke with the variables the Job gets, for this prefix and folder list. */
  const smoke = (prefix: string, folders: string, overrides: Record<string, string> = {}): Promise<ProgramResult> =>
    image.runScript(script, { ...rclone, S3_PREFIX: prefix, SMOKE_BACKUP_FOLDERS: folders, ...overrides });

  beforeAll(async () => {
    workDirectory = mkdtempSync(join(tmpdir(), 'smoke-backups-'));
    local = await LocalS3.start(bucket);
    // The Job's remote is the backups' own (rcloneEnvironment), with read-only keys; BACKUP_KIND and
    // BACKUP_EXTENSION come along and the script ignores them.
    rclone = localRcloneVariables(environment, local, 'mysql');
    image = BusyboxImagePath.create(rcloneImageApplets, ['rclone']);
  });

  afterAll(async () => {
    await local?.stop();
    image?.remove();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  it('passes every folder whose newest object is younger than its max age, and only lists the bucket', async () => {
    const prefix = freshPrefix();
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz`);
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz.sha256`);
    await seed(`${prefix}/xwiki/xwiki-20260301T031700Z.xar`);
    await seed(`${prefix}/longhorn/backupstore/volumes/ab/cd/pvc-1/volume.cfg`);
    const requestsBefore = local.requests.length;

    const result = await smoke(prefix, `mysql=${oneDay} xwiki=${oneDay} longhorn=${oneDay}`);

    expect(result.stderr).toBe('');
    const output = lines(result.stdout);
    expect(output).toHaveLength(4);
    // The .sha256 is written last (and sorts last within a second).
    expect(output[0]).toMatch(/^PASS mysql: newest backup mysql-20260301T021700Z\.sql\.gz\.sha256 was written \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, \d+s ago \(max age 86400s\)$/);
    expect(output[1]).toMatch(/^PASS xwiki: newest backup xwiki-20260301T031700Z\.xar was written .* UTC, \d+s ago \(max age 86400s\)$/);
    expect(output[2]).toMatch(/^PASS longhorn: newest backup backupstore\/volumes\/ab\/cd\/pvc-1\/volume\.cfg was written .* UTC, \d+s ago \(max age 86400s\)$/);
    expect(output[3]).toBe('RESULT backups-present: passed (3 checks)');
    expect(result.status).toBe(0);
    // Listing only: the smoke's keys may list the prefix and nothing else (no HEAD, no GET of an object).
    const requests = local.requests.slice(requestsBefore);
    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect({ method: request.method, path: request.path }).toEqual({ method: 'GET', path: `/${bucket}` });
      expect(request.query).toContain(`prefix=${encodeURIComponent(`${prefix}/`)}`);
    }
  });

  it('fails a folder with no object and still checks the others', async () => {
    const prefix = freshPrefix();
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz`);
    await seed(`${prefix}/longhorn/backupstore/backups/backup_backup-1.cfg`);
    // A neighbour whose name starts like the folder's is not in it.
    await seed(`${prefix}/xwiki-old/xwiki-20260301T031700Z.xar`);

    const result = await smoke(prefix, `mysql=${oneDay} xwiki=${oneDay} longhorn=${oneDay}`);

    const output = lines(result.stdout);
    expect(output[0]).toMatch(/^PASS mysql: /);
    expect(output[1]).toBe(`FAIL xwiki: no backup under s3://${bucket}/${prefix}/xwiki/ (no object at all)`);
    expect(output[2]).toMatch(/^PASS longhorn: newest backup backupstore\/backups\/backup_backup-1\.cfg /);
    expect(output[3]).toBe('RESULT backups-present: failed (1 of 3 checks)');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  it('takes the newest object anywhere below the folder, however deep Longhorn nests it', async () => {
    const prefix = freshPrefix();
    await seed(`${prefix}/longhorn/backupstore/volumes/ab/cd/pvc-1/volume.cfg`);
    await sleep(1100); // rclone prints whole seconds: the newer object must be at least one later.
    await seed(`${prefix}/longhorn/backupstore/volumes/ab/cd/pvc-1/blocks/12/34/1234abcd.blk`);

    const result = await smoke(prefix, `longhorn=${oneDay}`);

    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(/^PASS longhorn: newest backup backupstore\/volumes\/ab\/cd\/pvc-1\/blocks\/12\/34\/1234abcd\.blk was written /),
      'RESULT backups-present: passed (1 checks)',
    ]);
    expect(result.status).toBe(0);
  });

  it('fails a folder whose newest object is older than its max age, with its age', async () => {
    const prefix = freshPrefix();
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz`);
    await seed(`${prefix}/xwiki/xwiki-20260301T031700Z.xar`);
    // Whole seconds on both sides: two seconds later the object is at least 2 s old, more than 1.
    await sleep(2000);

    const result = await smoke(prefix, `mysql=1 xwiki=${oneDay}`);

    const output = lines(result.stdout);
    expect(output[0]).toMatch(/^FAIL mysql: newest backup mysql-20260301T021700Z\.sql\.gz was written .* UTC, \d+s ago, older than the max age of 1s$/);
    expect(Number(/, (\d+)s ago/.exec(output[0]!)![1])).toBeGreaterThanOrEqual(2);
    expect(output[1]).toMatch(/^PASS xwiki: /);
    expect(output[2]).toBe('RESULT backups-present: failed (1 of 2 checks)');
    expect(result.status).toBe(1);
  });

  it('dates an object by when S3 wrote it, not by the modification time rclone copied from the source file', async () => {
    const prefix = freshPrefix();
    const tenDaysAgo = new Date(Date.now() - 10 * oneDay * 1000);
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz`, tenDaysAgo);

    const result = await smoke(prefix, `mysql=${oneDay}`);

    expect(lines(result.stdout)[0]).toMatch(/^PASS mysql: newest backup mysql-20260301T021700Z\.sql\.gz was written .* UTC, \d+s ago \(max age 86400s\)$/);
    expect(result.status).toBe(0);
  });

  it('fails, without crashing, every folder it cannot list: S3 erroring, wrong keys, nothing listening, no bucket', async () => {
    const prefix = freshPrefix();
    await seed(`${prefix}/mysql/mysql-20260301T021700Z.sql.gz`);
    const folders = `mysql=${oneDay} xwiki=${oneDay}`;
    const expectCannotList = (result: ProgramResult, reason: string, listedBucket = bucket) => {
      const output = lines(result.stdout);
      expect(output).toHaveLength(3);
      for (const [line, folder] of [[output[0], 'mysql'], [output[1], 'xwiki']] as const) {
        expect(line).toMatch(new RegExp(`^FAIL ${folder}: cannot list s3://${listedBucket}/${prefix}/${folder}/: .+ \\(rclone exit status \\d+\\)$`));
        expect(line).toContain(reason);
      }
      expect(output[2]).toBe('RESULT backups-present: failed (2 of 2 checks)');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(1);
    };

    local.failWhen(() => true);
    try {
      expectCannotList(await smoke(prefix, folders), 'InternalError: injected by the test; status code: 500');
    } finally {
      local.failWhen(undefined);
    }
    expectCannotList(await smoke(prefix, folders, { RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: 'NOT-THE-KEY' }), 'InvalidAccessKeyId');
    expectCannotList(await smoke(prefix, folders, { RCLONE_CONFIG_BACKUP_ENDPOINT: `http://127.0.0.1:${await freePort()}` }), 'connection refused');
    // A bucket that does not exist is a failure too, not an empty folder.
    expectCannotList(await smoke(prefix, folders, { S3_BUCKET: 'no-such-bucket' }), 'directory not found (rclone exit status 3)', 'no-such-bucket');
  });

  describe('the dumps and exports: the newest complete backup, read and verified', () => {
    const dump = gzipSync('-- MySQL dump\nCREATE TABLE xwikidoc (id INT);\n'.repeat(2000));
    const xar = zipArchive({ 'package.xml': '<package><infos><name>backup</name></infos></package>', 'Main/WebHome.xml': '<xwikidoc/>' });
    const names = 'mysql=e2e-xwiki.sql.gz xwiki=e2e-xwiki.xar';
    const folders = `mysql=${oneDay} xwiki=${oneDay}`;
    const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

    /** A backup as s3-upload.sh stores it: the object, then its .sha256 (unless the upload was interrupted). */
    const seedBackup = async (prefix: string, key: string, content: Buffer, checksum: string | false = sha256(content)) => {
      await seed(`${prefix}/${key}`, undefined, content);
      if (checksum !== false) await seed(`${prefix}/${key}.sha256`, undefined, `${checksum}  ${key.slice(key.lastIndexOf('/') + 1)}\n`);
    };

    it('passes on a dump and an export that match their .sha256 and read as gzip and XAR, past newer stray files and interrupted uploads', async () => {
      const prefix = freshPrefix();
      await seedBackup(prefix, 'mysql/e2e-xwiki-20260301T021700Z.sql.gz', dump);
      await seedBackup(prefix, 'xwiki/e2e-xwiki-20260301T031700Z.xar', xar);
      // Newer, and not backups: an upload cut before its .sha256, another environment's dump, an operator's file.
      await seedBackup(prefix, 'mysql/e2e-xwiki-20260302T021700Z.sql.gz', dump.subarray(0, 100), false);
      await seedBackup(prefix, 'mysql/prod-xwiki-20260303T021700Z.sql.gz', dump);
      await seed(`${prefix}/xwiki/notes about the export.txt`);
      const requestsBefore = local.requests.length;

      const result = await smoke(prefix, folders, { SMOKE_BACKUP_NAMES: names });

      expect(result.stderr).toBe('');
      expect(lines(result.stdout)).toEqual([
        expect.stringMatching(/^PASS mysql: newest backup e2e-xwiki-20260301T021700Z\.sql\.gz was written .* UTC, \d+s ago \(max age 86400s\)$/),
        expect.stringMatching(/^PASS xwiki: newest backup e2e-xwiki-20260301T031700Z\.xar was written .* UTC, \d+s ago \(max age 86400s\)$/),
        'RESULT backups-present: passed (2 checks)',
      ]);
      expect(result.status).toBe(0);
      // Every request is one the smoke credential's policy (docs/runbooks/s3-credentials.md) allows, for an environment of this prefix.
      const atPrefix = defineEnvironment('e2e', 'packages/smoke/src/backups-present-smoke.e2e.test.ts', { decisions: { s3: locked({ ...s3, prefix }) } });
      const policy = s3AccessPolicy(smokeSecretRequirements(atPrefix)[0]!.s3Access!);
      const calls = local.requests.slice(requestsBefore).map((request) => s3CallOf(request, bucket));
      expect(new Set(calls.map((call) => call.action))).toEqual(new Set(['s3:ListBucket', 's3:GetObject']));
      for (const call of calls) expect({ call, allowed: policyAllows(policy, call) }).toEqual({ call, allowed: true });
    });

    it('fails a folder holding only an interrupted upload and stray files, however new', async () => {
      const prefix = freshPrefix();
      await seedBackup(prefix, 'mysql/e2e-xwiki-20260301T021700Z.sql.gz', dump, false);
      await seed(`${prefix}/mysql/e2e-xwiki-20260301T021700Z.sql.gz.part`);
      await seed(`${prefix}/xwiki/e2e-xwiki-latest.xar`, undefined, xar);
      await seed(`${prefix}/xwiki/e2e-xwiki-latest.xar.sha256`, undefined, `${sha256(xar)}  e2e-xwiki-latest.xar\n`);

      const result = await smoke(prefix, folders, { SMOKE_BACKUP_NAMES: names });

      expect(lines(result.stdout)).toEqual([
        `FAIL mysql: no complete backup (e2e-xwiki-<YYYYMMDDTHHMMSSZ>.sql.gz with its .sha256) under s3://${bucket}/${prefix}/mysql/`,
        `FAIL xwiki: no complete backup (e2e-xwiki-<YYYYMMDDTHHMMSSZ>.xar with its .sha256) under s3://${bucket}/${prefix}/xwiki/`,
        'RESULT backups-present: failed (2 of 2 checks)',
      ]);
      expect(result.status).toBe(1);
    });

    it('fails the newest backup when its bytes do not match its .sha256, or do not read as what it is', async () => {
      const prefix = freshPrefix();
      const notGzip = Buffer.from('CREATE TABLE xwikidoc (id INT);\n');
      await seedBackup(prefix, 'mysql/e2e-xwiki-20260301T021700Z.sql.gz', dump, sha256(Buffer.from('something else')));
      await seedBackup(prefix, 'xwiki/e2e-xwiki-20260301T031700Z.xar', xar.subarray(0, 60));
      const second = freshPrefix();
      await seedBackup(second, 'mysql/e2e-xwiki-20260301T021700Z.sql.gz', notGzip);
      await seedBackup(second, 'xwiki/e2e-xwiki-20260301T031700Z.xar', zipArchive({ 'Main/WebHome.xml': '<xwikidoc/>' }));

      const corrupted = lines((await smoke(prefix, folders, { SMOKE_BACKUP_NAMES: names })).stdout);
      const malformed = await smoke(second, folders, { SMOKE_BACKUP_NAMES: names });

      expect(corrupted[0]).toBe(`FAIL mysql: newest backup e2e-xwiki-20260301T021700Z.sql.gz: its SHA-256 is ${sha256(dump)}, its .sha256 says "${sha256(Buffer.from('something else'))}": the object is corrupted`);
      expect(corrupted[1]).toMatch(/^FAIL xwiki: newest backup e2e-xwiki-20260301T031700Z\.xar: it is not a readable zip archive: .+/);
      expect(lines(malformed.stdout)).toEqual([
        expect.stringMatching(/^FAIL mysql: newest backup e2e-xwiki-20260301T021700Z\.sql\.gz: it is not a readable gzip stream: .+/),
        'FAIL xwiki: newest backup e2e-xwiki-20260301T031700Z.xar: the archive has no package.xml: not a XAR',
        'RESULT backups-present: failed (2 of 2 checks)',
      ]);
      expect(malformed.status).toBe(1);
    });

    it.each([
      ['mysql', '"mysql" has no backup name'],
      ['mysql=e2e', '"mysql=e2e": "e2e" is not a backup extension this check reads'],
      ['longhorn=e2e-xwiki.sql.gz', '"longhorn=e2e-xwiki.sql.gz": "longhorn" is not a folder of SMOKE_BACKUP_FOLDERS'],
      ['mysql=e2e*.sql.gz', '"mysql=e2e*.sql.gz": "e2e*" is not a name stem'],
      ['mysql=e2e-xwiki.tar', '"mysql=e2e-xwiki.tar": "tar" is not a backup extension this check reads'],
      ['mysql=a.sql.gz mysql=b.sql.gz', '"mysql" is listed twice'],
    ])('refuses SMOKE_BACKUP_NAMES=%j before checking anything (exit 2)', async (value, problem) => {
      const requestsBefore = local.requests.length;

      const result = await smoke(s3.prefix, folders, { SMOKE_BACKUP_NAMES: value });

      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^smoke backups-present: SMOKE_BACKUP_NAMES: .*, expected space-separated <folder>=<stem>\.<extension> items/);
      expect(result.stderr).toContain(`SMOKE_BACKUP_NAMES: ${problem}`);
      expect(result.status).toBe(2);
      expect(local.requests.length).toBe(requestsBefore);
    });
  });

  it.each([
    ['mysql', '"mysql" has no maximum age'],
    ['mysql=abc', '"mysql=abc": "abc" is not a positive whole number of seconds'],
    ['=5', '"=5": "" is not a folder name'],
    ['', 'missing or empty'],
    ['   ', 'missing or empty'],
    ['mysql=0', '"mysql=0": "0" is not a positive whole number of seconds'],
    ['mysql=086400', '"mysql=086400": "086400" is not a positive whole number of seconds'],
    ['mysql=-5', '"mysql=-5": "-5" is not a positive whole number of seconds'],
    ['MySQL=5', '"MySQL=5": "MySQL" is not a folder name'],
    ['mysql=5 mysql=6', '"mysql" is listed twice'],
    ['mysql=5=6', '"mysql=5=6": "5=6" is not a positive whole number of seconds'],
  ])('refuses SMOKE_BACKUP_FOLDERS=%j before checking anything (exit 2)', async (folders, problem) => {
    const requestsBefore = local.requests.length;

    const result = await smoke(s3.prefix, folders);

    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^smoke backups-present: SMOKE_BACKUP_FOLDERS: .*, expected space-separated <folder>=<maxAgeSeconds> items/);
    expect(result.stderr).toContain(`SMOKE_BACKUP_FOLDERS: ${problem}`);
    expect(result.status).toBe(2);
    expect(local.requests.length).toBe(requestsBefore);
  });

  it.each([
    ['S3_BUCKET', '', 'missing or empty'],
    ['S3_PREFIX', '', 'missing or empty'],
    ['S3_PREFIX', '/open4goods/e2e', '"/open4goods/e2e" starts or ends with a slash'],
    ['RCLONE_CONFIG_BACKUP_TYPE', '', 'missing or empty'],
    ['RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY', '', 'missing or empty'],
  ])('refuses %s=%j (exit 2, naming the variable)', async (variable, value, problem) => {
    const result = await image.runScript(script, { ...rclone, SMOKE_BACKUP_FOLDERS: `mysql=${oneDay}`, [variable]: value });

    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^smoke backups-present: ${variable}: .*, expected \\S`));
    expect(result.stderr).toContain(`${variable}: ${problem}, expected `);
    expect(result.status).toBe(2);
  });
});
