import { toolchainCommand } from '@open4goods/kit';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable, sharedDirectory } from '../testing/shared.ts';
import { programsAvailable } from './binaries.ts';
import { pushChart, startOciRegistry, type LocalOciRegistry } from './oci-registry.ts';
import { createRunDirectory, type RunDirectory } from './run-directory.ts';

const run = promisify(execFile);
const available = programsAvailable({ registry: 'registry' }) && sharedDataAvailable('reference/helm-charts', 'the local OCI registry test');

describe.runIf(available)('the local OCI registry (CNCF Distribution on loopback)', () => {
  let directory: RunDirectory;
  let registry: LocalOciRegistry;

  beforeAll(async () => {
    directory = createRunDirectory('o4g-oci-registry-');
    registry = await startOciRegistry(directory);
  });

  afterAll(async () => {
    await directory?.remove();
  });

  it('takes a chart pushed by our Helm and gives the same package back to helm pull', async () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const chart = join(sharedDirectory(), 'reference', 'helm-charts', 'cert-manager-v1.21.1.tgz');
    const helmHome = join(directory.path, 'helm');
    await pushChart(registry.host, 'charts', chart, helmHome);
    const tags = (await (await fetch(`http://${registry.host}/v2/charts/cert-manager/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toEqual(['v1.21.1']);
    mkdirSync(join(directory.path, 'pulled'));
    await run(toolchainCommand('helm'), ['pull', `oci://${registry.host}/charts/cert-manager`, '--version', 'v1.21.1', '--plain-http', '--destination', join(directory.path, 'pulled')], {
      env: { ...process.env, HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_DATA_HOME: join(helmHome, 'data') },
    });
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(join(directory.path, 'pulled', 'cert-manager-v1.21.1.tgz'))).toBe(digest(chart));
  });

  it('is removed with its run directory', async () => {
    await directory.remove();
    expect(existsSync(directory.path)).toBe(false);
    for (let waited = 0; waited < 5000 && !registry.program.exit(); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(registry.program.exit()).toBeDefined();
  });
});
