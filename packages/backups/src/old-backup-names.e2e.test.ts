import { defaultSettings, defineEnvironment, locked } from '@open4goods/environments';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renameOldBackupsScript } from './runbooks/old-backup-names.ts';
import { scriptFiles } from './scripts.ts';
import { removeRcloneImagePath, runBusyboxScript, runRclone, runWithRcloneImage } from './testing/run-script.ts';
import { LocalS3 } from './testing/s3.ts';
import { localRcloneVariables } from './testing/s3-environment.ts';
import { s3ToolsAvailable } from './testing/tools.ts';

const environment = defineEnvironment('e2e', 'packages/backups/src/old-backup-names.e2e.test.ts', {
  decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, prefix: 'open4goods/old-names' }) },
});
const s3 = environment.decisions.s3.value;
const folder = `${s3.prefix}/mysql`;

describe.runIf(s3ToolsAvailable())('the runbook commands for backups under the old names, against an S3 server on loopback', { timeout: 60_000 }, () => {
  let local: LocalS3;
  let workDirectory: string;
  let rclone: Record<string, string>;

  beforeAll(async () => {
    workDirectory = mkdtempSync(join(tmpdir(), 'backups-old-names-'));
    local = await LocalS3.start(s3.bucket);
    rclone = localRcloneVariables(environment, local, 'mysql');
  });
  afterAll(async () => {
    await local?.stop();
    removeRcloneImagePath();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  const seed = async (key: string, content: string) => {
    const file = join(workDirectory, 'seed');
    writeFileSync(file, content);
    expect((await runRclone(['copyto', file, `backup:${s3.bucket}/${key}`], rclone)).status).toBe(0);
  };

  it('renames an old dump and its .sha256 to the new name, which latest then fetches and verifies; other files stay', async () => {
    const dump = 'an old dump\n';
    const old = 'xwiki-20260101T021700Z.sql.gz';
    await seed(`${folder}/${old}`, dump);
    await seed(`${folder}/${old}.sha256`, `${createHash('sha256').update(dump).digest('hex')}  ${old}\n`);
    await seed(`${folder}/notes about xwiki-20260101T021700Z.sql.gz`, 'not a backup\n');
    const script = join(workDirectory, 'rename.sh');
    writeFileSync(script, [`folder=backup:${s3.bucket}/${folder}`, ...renameOldBackupsScript(environment, 'mysql'), ''].join('\n'));

    const renamed = await runWithRcloneImage(script, rclone);

    expect(renamed.stderr).toBe('');
    expect(renamed.stdout).toBe(`renamed ${old} to e2e-xwiki-20260101T021700Z.sql.gz\n`);
    expect(local.keys()).toEqual([`${folder}/e2e-xwiki-20260101T021700Z.sql.gz`, `${folder}/e2e-xwiki-20260101T021700Z.sql.gz.sha256`, `${folder}/notes about xwiki-20260101T021700Z.sql.gz`]);
    const directory = mkdtempSync(join(workDirectory, 'restore-'));
    const fetched = await runBusyboxScript(scriptFiles.s3Fetch, { ...rclone, RESTORE_DIRECTORY: directory, BACKUP_KEY: 'latest' });
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    expect(readdirSync(directory)).toEqual(['e2e-xwiki-20260101T021700Z.sql.gz']);
    expect(readFileSync(join(directory, 'e2e-xwiki-20260101T021700Z.sql.gz'), 'utf8')).toBe(dump);
  });
});
