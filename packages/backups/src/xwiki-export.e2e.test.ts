import { defaultSettings, defineEnvironment, locked } from '@open4goods/environments';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scriptFiles } from './scripts.ts';
import { type FakeAnswer, FakeXwiki, basicAuthorization } from './testing/fake-xwiki.ts';
import { freePort } from './testing/mariadb.ts';
import { removeRcloneImagePath, runBashScript, runBusyboxScript } from './testing/run-script.ts';
import { LocalS3 } from './testing/s3.ts';
import { localRcloneVariables } from './testing/s3-environment.ts';
import { httpToolsAvailable, s3ToolsAvailable } from './testing/tools.ts';
import { zipArchive } from './testing/zip.ts';
import { xwikiExportTimeoutSeconds } from './xwiki-export.ts';

// Characters curl's config syntax, a shell or HTTP would trip on if the script passed them carelessly.
const username = 'Backup Admin';
const password = `p"a\\ss:w'rd $(id) é🔑`;
// The environment the jobs belong to: its name starts the backup names (e2e-xwiki-<timestamp>.xar).
const environment = defineEnvironment('e2e', 'packages/backups/src/xwiki-export.e2e.test.ts', {
  decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, prefix: 'open4goods/xar' }) },
});
const xar = zipArchive({ 'package.xml': '<package><infos><name>backup</name></infos></package>', 'Main/WebHome.xml': '<xwikidoc>Bienvenue 🔑</xwikidoc>' });

describe.runIf(httpToolsAvailable())('XWiki export and import staging end to end: the real scripts against a local HTTP server', { timeout: 60_000 }, () => {
  let xwiki: FakeXwiki;
  let workDirectory: string;
  let credentials: Record<string, string>;

  beforeAll(async () => {
    xwiki = await FakeXwiki.start();
    workDirectory = mkdtempSync(join(tmpdir(), 'backups-xwiki-'));
    // Secret files as Kubernetes writes them from a value put with a trailing line break.
    writeFileSync(join(workDirectory, 'username'), `${username}\n`);
    writeFileSync(join(workDirectory, 'password'), `${password}\n`);
    credentials = { XWIKI_URL: xwiki.url, XWIKI_USERNAME_FILE: join(workDirectory, 'username'), XWIKI_PASSWORD_FILE: join(workDirectory, 'password'), HOME: workDirectory };
  });
  afterAll(async () => {
    await xwiki?.stop();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });
  beforeEach(() => {
    xwiki.requests.length = 0;
  });

  const exportWith = async (answer: FakeAnswer) => {
    xwiki.answer = () => answer;
    const directory = mkdtempSync(join(workDirectory, 'scratch-'));
    const result = await runBashScript(scriptFiles.xwikiExport, { ...credentials, BACKUP_DIRECTORY: directory, BACKUP_NAME: 'e2e-xwiki', EXPORT_TIMEOUT_SECONDS: String(xwikiExportTimeoutSeconds) });
    return { ...result, files: readdirSync(directory), directory };
  };

  it('asks the export action for the whole wiki as a backup XAR with history, as the admin account, and keeps the archive', async () => {
    const result = await exportWith({ status: 200, headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename=backup.xar' }, body: xar });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatch(/^e2e-xwiki-\d{8}T\d{6}Z\.xar$/);
    expect(readFileSync(join(result.directory, result.files[0]!))).toEqual(xar);
    expect(result.stdout).toMatch(/wrote \S+\.xar \(1 pages, \d+ bytes\)/);

    const [request] = xwiki.requests;
    const url = new URL(request!.url, xwiki.url);
    expect(request!.method).toBe('GET');
    expect(url.pathname).toBe('/bin/export/XWiki/XWikiPreferences');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'xar', name: result.files[0]!.replace(/\.xar$/, ''), history: 'true', backup: 'true', basicauth: '1' });
    expect(request!.authorization).toBe(basicAuthorization(username, password));
  });

  it('sends a password holding line breaks, quotes, backslashes and curl options as that password, never as curl options', async () => {
    const injected = join(workDirectory, 'injected-output');
    // Each line after the first would be a curl option if the config carried the line breaks as they are.
    const hostile = `first\n-K ${join(workDirectory, 'absent-config')}\noutput = "${injected}"\r\nurl = "http://127.0.0.1:1/"\t\\"\\\\n" --insecure`;
    const passwordFile = join(workDirectory, 'hostile-password');
    writeFileSync(passwordFile, `${hostile}\n`);
    xwiki.answer = () => ({ status: 200, headers: { 'content-type': 'application/zip' }, body: xar });
    const directory = mkdtempSync(join(workDirectory, 'scratch-'));

    const result = await runBashScript(scriptFiles.xwikiExport, { ...credentials, XWIKI_PASSWORD_FILE: passwordFile, BACKUP_DIRECTORY: directory, BACKUP_NAME: 'e2e-xwiki', EXPORT_TIMEOUT_SECONDS: '10' });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(xwiki.requests).toHaveLength(1);
    expect(xwiki.requests[0]!.authorization).toBe(basicAuthorization(username, hostile));
    expect(readdirSync(workDirectory)).not.toContain('injected-output');
  });

  it.each([
    [401, 'XWiki refused the admin account (HTTP 401)'],
    [403, 'XWiki refused the admin account (HTTP 403)'],
    [302, 'XWiki answered HTTP 302 (a redirect, probably to its login page)'],
    [500, 'XWiki answered HTTP 500 instead of 200'],
  ])('fails on HTTP %i with a clear message and writes nothing', async (status, message) => {
    const result = await exportWith({ status, headers: { 'content-type': 'text/html' }, body: '<html>error</html>' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`xwiki-export: ${message}`);
    expect(result.stderr).toContain('nothing was written');
    expect(result.files).toEqual([]);
  });

  it('fails on a 200 with an empty body', async () => {
    const result = await exportWith({ status: 200, headers: { 'content-type': 'application/zip' }, body: '' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('xwiki-export: XWiki answered 200 with an empty body; nothing was written');
    expect(result.files).toEqual([]);
  });

  it('fails on a 200 that is an HTML page, not a zip', async () => {
    const result = await exportWith({ status: 200, headers: { 'content-type': 'text/html;charset=UTF-8' }, body: '<html>login</html>' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('xwiki-export: XWiki answered "text/html;charset=UTF-8" instead of application/zip');
    expect(result.files).toEqual([]);
  });

  it('fails on a truncated archive', async () => {
    const result = await exportWith({ status: 200, headers: { 'content-type': 'application/zip' }, body: xar.subarray(0, xar.length - 30) });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('xwiki-export: the export is not a valid zip archive (truncated?)');
    expect(result.files).toEqual([]);
  });

  it('fails on a zip without package.xml, and on a XAR without pages', async () => {
    const noPackage = await exportWith({ status: 200, headers: { 'content-type': 'application/zip' }, body: zipArchive({ 'Main/WebHome.xml': '<xwikidoc/>' }) });
    expect(noPackage.stderr).toContain('the export has no package.xml: not a XAR');
    expect(noPackage.files).toEqual([]);
    const noPages = await exportWith({ status: 200, headers: { 'content-type': 'application/zip' }, body: zipArchive({ 'package.xml': '<package/>' }) });
    expect(noPages.stderr).toContain('the export holds no page');
    expect(noPages.files).toEqual([]);
  });

  it('fails when XWiki cannot be reached, and when the credentials are missing', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const directory = mkdtempSync(join(workDirectory, 'scratch-'));
    const unreachable = await runBashScript(scriptFiles.xwikiExport, { ...credentials, XWIKI_URL: closed, BACKUP_DIRECTORY: directory, BACKUP_NAME: 'e2e-xwiki', EXPORT_TIMEOUT_SECONDS: '10' });
    expect(unreachable.status).not.toBe(0);
    expect(unreachable.stderr).toContain(`xwiki-export: no answer from XWiki at ${closed}`);
    const noSecret = await runBashScript(scriptFiles.xwikiExport, { ...credentials, XWIKI_PASSWORD_FILE: join(workDirectory, 'absent'), BACKUP_DIRECTORY: directory, BACKUP_NAME: 'e2e-xwiki', EXPORT_TIMEOUT_SECONDS: '10' });
    expect(noSecret.status).not.toBe(0);
    expect(noSecret.stderr).toContain('is missing or empty');
    expect(readdirSync(directory)).toEqual([]);
    expect(xwiki.requests).toEqual([]);
  });

  describe('staging a XAR for import', () => {
    const stage = async (answer: FakeAnswer) => {
      xwiki.answer = () => answer;
      const directory = mkdtempSync(join(workDirectory, 'restore-'));
      writeFileSync(join(directory, 'xwiki-20260301T034700Z.xar'), xar);
      return runBashScript(scriptFiles.xwikiStageImport, { ...credentials, RESTORE_DIRECTORY: directory, UPLOAD_TIMEOUT_SECONDS: '60' });
    };

    it('attaches the archive to XWiki.XWikiPreferences through the REST API, as the admin account', async () => {
      const result = await stage({ status: 201 });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const [request] = xwiki.requests;
      expect(request!.method).toBe('PUT');
      expect(request!.url).toBe('/rest/wikis/xwiki/spaces/XWiki/pages/XWikiPreferences/attachments/xwiki-20260301T034700Z.xar');
      expect(request!.contentType).toBe('application/octet-stream');
      expect(request!.authorization).toBe(basicAuthorization(username, password));
      expect(request!.body).toEqual(xar);
      expect(result.stdout).toContain('import it from Administration > Content > Import');
    });

    it('accepts 202 (the attachment replaced an older one)', async () => {
      expect((await stage({ status: 202 })).status).toBe(0);
    });

    it.each([
      [401, 'XWiki refused the admin account (HTTP 401)'],
      [500, 'XWiki answered HTTP 500 to the upload instead of 201 or 202'],
    ])('fails on HTTP %i with a clear message', async (status, message) => {
      const result = await stage({ status });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`xwiki-stage-import: ${message}`);
    });
  });

  describe.runIf(s3ToolsAvailable())('with the upload step, against an S3 server on loopback', () => {
    const s3 = environment.decisions.s3.value;
    let local: LocalS3;
    beforeAll(async () => {
      local = await LocalS3.start(s3.bucket);
    });
    afterAll(async () => {
      await local?.stop();
      removeRcloneImagePath();
    });

    const exportThenUpload = async (answer: FakeAnswer) => {
      const exported = await exportWith(answer);
      const uploaded = await runBusyboxScript(scriptFiles.s3Upload, { ...localRcloneVariables(environment, local, 'xwiki'), BACKUP_DIRECTORY: exported.directory, RETENTION_DAYS: '30' });
      return { exported, uploaded };
    };

    it.each([
      ['401', { status: 401 }],
      ['500', { status: 500 }],
      ['an empty body', { status: 200, headers: { 'content-type': 'application/zip' }, body: '' }],
    ] as const)('a failed export (%s) fails the job and leaves nothing in S3', async (_, answer) => {
      const { exported, uploaded } = await exportThenUpload(answer);
      expect(exported.status).not.toBe(0);
      expect(uploaded.status).not.toBe(0);
      expect(uploaded.stderr).toContain('s3-upload: no finished backup (e2e-xwiki-<timestamp>.xar)');
      expect(local.keys()).toEqual([]);
    });

    it('a good export is stored as xwiki/<name>.xar with its .sha256, encrypted', async () => {
      const { exported, uploaded } = await exportThenUpload({ status: 200, headers: { 'content-type': 'application/zip' }, body: xar });
      expect(exported.status).toBe(0);
      expect(uploaded.stderr).toBe('');
      expect(uploaded.status).toBe(0);
      expect(local.keys()).toEqual([`open4goods/xar/xwiki/${exported.files[0]}`, `open4goods/xar/xwiki/${exported.files[0]}.sha256`]);
      for (const request of local.uploadsUnder('open4goods/xar/')) expect(request.headers['x-amz-server-side-encryption']).toBe('AES256');
    });
  });
});
