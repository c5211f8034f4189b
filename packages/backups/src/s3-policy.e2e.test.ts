import { type Environment, loadEnvironment } from '@open4goods/environments';
import { type S3Policy, s3AccessPolicy } from '@open4goods/kit';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupS3CredentialsSecretName, restoreTestS3CredentialsSecretName } from './names.ts';
import { backupSecretRequirements } from './objects.ts';
import { type BackupKind, backupKinds, backupNameStem } from './s3.ts';
import { scriptFiles } from './scripts.ts';
import { LocalS3, type RecordedRequest } from './testing/s3.ts';
import { localRcloneVariables } from './testing/s3-environment.ts';
import { type S3Call, policyAllows, s3CallOf } from './testing/s3-policy-evaluation.ts';
import { removeRcloneImagePath, runBusyboxScript, runRclone } from './testing/run-script.ts';
import { s3ToolsAvailable } from './testing/tools.ts';

// Not an S3 server that enforces policies (moto, the one at hand, evaluates no StringLike condition, so it cannot hold a listing to a prefix): the policies the build writes
// (docs/runbooks/s3-credentials.md) are evaluated, statement by statement, against every request the
// real scripts send to the S3 server on loopback, and against the requests another environment sends.
const prod = loadEnvironment('prod');
const staging = loadEnvironment('staging');
const bucket = prod.decisions.s3.value.bucket;
const utcStamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

const policyOf = (environment: Environment, secret: string): S3Policy => {
  const access = backupSecretRequirements(environment).find((requirement) => requirement.name === secret)?.s3Access;
  if (!access) throw new Error(`${environment.name} declares no S3 access for ${secret}`);
  return s3AccessPolicy(access);
};

describe.runIf(s3ToolsAvailable())('the S3 policies of the backup credentials allow exactly what the scripts do', { timeout: 60_000 }, () => {
  let local: LocalS3;
  let workDirectory: string;

  beforeAll(async () => {
    expect(staging.decisions.s3.value.bucket).toBe(bucket);
    workDirectory = mkdtempSync(join(tmpdir(), 'backups-policy-'));
    local = await LocalS3.start(bucket);
  });
  afterAll(async () => {
    await local?.stop();
    removeRcloneImagePath();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  /** The S3 calls of what `run` sends. */
  const callsOf = async (run: () => Promise<{ status: number | null; stderr: string }>): Promise<S3Call[]> => {
    const before = local.requests.length;
    const result = await run();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return local.requests.slice(before).map((request: RecordedRequest) => s3CallOf(request, bucket));
  };
  const seed = async (key: string) => {
    const file = join(workDirectory, 'seed');
    writeFileSync(file, `content of ${key}\n`);
    expect((await runRclone(['copyto', file, `backup:${bucket}/${key}`], localRcloneVariables(prod, local, 'mysql'))).status).toBe(0);
  };
  /** Uploads a finished backup of `owner` and applies its retention, as the backup CronJobs do, after seeding an expired one. */
  const backupRun = async (owner: Environment, kind: BackupKind) => {
    const { folder, extension } = backupKinds[kind];
    const expired = `${owner.decisions.s3.value.prefix}/${folder}/${backupNameStem(owner, kind)}-${utcStamp(new Date(Date.now() - 400 * 86_400_000))}.${extension}`;
    await seed(expired);
    await seed(`${expired}.sha256`);
    const directory = mkdtempSync(join(workDirectory, 'backup-'));
    writeFileSync(join(directory, `${backupNameStem(owner, kind)}-${utcStamp(new Date())}.${extension}`), 'a finished backup\n');
    const calls = await callsOf(() =>
      runBusyboxScript(scriptFiles.s3Upload, { ...localRcloneVariables(owner, local, kind), BACKUP_DIRECTORY: directory, RETENTION_DAYS: String(owner.decisions.s3.value.retentionDays) }),
    );
    expect(local.keys()).not.toContain(expired);
    return calls;
  };
  const fetchLatest = (owner: Environment, kind: BackupKind) =>
    callsOf(() => runBusyboxScript(scriptFiles.s3Fetch, { ...localRcloneVariables(owner, local, kind), RESTORE_DIRECTORY: mkdtempSync(join(workDirectory, 'restore-')), BACKUP_KEY: 'latest' }));

  it("lets each environment's backup writer upload, apply the retention and fetch its own backups, and nothing of the other's", async () => {
    // A stray file in prod's folder: listed by the retention, never touched.
    await seed(`${prod.decisions.s3.value.prefix}/mysql/notes from the operator.txt`);
    const runs = new Map<Environment, S3Call[]>();
    for (const environment of [prod, staging]) {
      const calls = [...(await backupRun(environment, 'mysql')), ...(await backupRun(environment, 'xwiki')), ...(await fetchLatest(environment, 'mysql')), ...(await fetchLatest(environment, 'xwiki'))];
      // The runs exercise every right the writer has: listing, reading, writing and deleting.
      expect(new Set(calls.map((call) => call.action))).toEqual(new Set(['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject']));
      runs.set(environment, calls);
    }
    for (const [environment, calls] of runs) {
      const own = policyOf(environment, backupS3CredentialsSecretName);
      const other = policyOf(environment === prod ? staging : prod, backupS3CredentialsSecretName);
      for (const call of calls) {
        expect({ call, allowed: policyAllows(own, call) }).toEqual({ call, allowed: true });
        expect({ call, allowedToTheOther: policyAllows(other, call) }).toEqual({ call, allowedToTheOther: false });
      }
    }
  });

  it('gives the restore test a credential that reads the source dumps the fetch script reads, and can change nothing', async () => {
    const source = prod;
    const restoreTest = policyOf(staging, restoreTestS3CredentialsSecretName);
    await backupRun(source, 'mysql');
    const calls = await fetchLatest(source, 'mysql');
    for (const call of calls) expect({ call, allowed: policyAllows(restoreTest, call) }).toEqual({ call, allowed: true });
    for (const key of local.keys()) {
      for (const action of ['s3:PutObject', 's3:DeleteObject']) {
        expect(policyAllows(restoreTest, { action, resource: `arn:aws:s3:::${bucket}/${key}` })).toBe(false);
      }
    }
    // Not staging's own backups, not the XAR exports, not a listing of the bucket.
    expect(policyAllows(restoreTest, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, prefix: `${source.decisions.s3.value.prefix}/xwiki/` })).toBe(false);
    expect(policyAllows(restoreTest, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, prefix: '' })).toBe(false);
  });

  it('refuses the writer any object outside its names, any listing outside its folders, a sibling prefix', () => {
    const writer = policyOf(prod, backupS3CredentialsSecretName);
    const prefix = prod.decisions.s3.value.prefix;
    const stamp = '20260301T021700Z';
    const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;
    for (const key of [
      `${prefix}/mysql/notes from the operator.txt`,
      `${prefix}/mysql/staging-xwiki-${stamp}.sql.gz`,
      `${prefix}/mysql/xwiki-${stamp}.sql.gz`,
      `${prefix}/longhorn/backupstore/volumes/ab/volume.cfg`,
      `${prefix}-old/mysql/prod-xwiki-${stamp}.sql.gz`,
      `${staging.decisions.s3.value.prefix}/mysql/staging-xwiki-${stamp}.sql.gz`,
    ]) {
      for (const action of ['s3:PutObject', 's3:DeleteObject', 's3:GetObject']) expect({ key, action, allowed: policyAllows(writer, { action, resource: object(key) }) }).toEqual({ key, action, allowed: false });
    }
    for (const listed of ['', 'open4goods/', `${prefix}/`, `${prefix}-old/mysql/`, `${staging.decisions.s3.value.prefix}/mysql/`]) {
      expect({ listed, allowed: policyAllows(writer, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, prefix: listed }) }).toEqual({ listed, allowed: false });
    }
    expect(policyAllows(writer, { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` })).toBe(false);
    expect(policyAllows(writer, { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::${bucket}` })).toBe(false);
  });
});
