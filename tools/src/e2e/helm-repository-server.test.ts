import { toolchainCommand } from '@open4goods/kit';
import { execFile } from 'node:child_process';
import { get } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedDirectory } from '../testing/shared.ts';
import { startHelmRepositoryServer } from './helm-repository-server.ts';
import type { LoopbackServer } from './loopback-server.ts';

const run = promisify(execFile);
const charts = () => join(sharedDirectory(), 'reference', 'helm-charts');

describe.runIf(sharedDataAvailable('reference/helm-charts', 'the local Helm repository tests'))('the local Helm repository (reference/helm-charts on loopback)', () => {
  let server: LoopbackServer;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'o4g-helm-repository-'));
    server = await startHelmRepositoryServer(charts());
  });

  afterAll(async () => {
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('serves index.yaml and the packages it lists to Helm: helm pull gets the same bytes', async () => {
    await run(toolchainCommand('helm'), ['pull', 'metrics-server', '--repo', server.url, '--version', '3.13.1', '--destination', scratch], {
      env: { ...process.env, HELM_CACHE_HOME: join(scratch, 'cache'), HELM_CONFIG_HOME: join(scratch, 'config'), HELM_DATA_HOME: join(scratch, 'data') },
    });
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(join(scratch, 'metrics-server-3.13.1.tgz'))).toBe(digest(join(charts(), 'metrics-server-3.13.1.tgz')));
  });

  it('serves nothing outside the directory, and nothing but GET and HEAD', async () => {
    // Raw request paths (fetch would normalise the dot segments away before sending).
    for (const path of ['/../helm-charts/index.yaml', '/..%2fhelm-charts%2findex.yaml', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/missing.tgz', '/']) {
      expect(await rawStatus(server.port, path), path).toBe(404);
    }
    expect((await fetch(`${server.url}/index.yaml`, { method: 'PUT', body: 'x' })).status).toBe(404);
  });
});

function rawStatus(port: number, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}
