import { toolchainCommand } from '@open4goods/kit';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freeLoopbackPorts, loopback } from './loopback-ports.ts';
import { type RunningProgram, startProgram } from './processes.ts';
import { waitUntil } from './readiness.ts';
import type { RunDirectory } from './run-directory.ts';

const run = promisify(execFile);

export interface LocalOciRegistry {
  /** `127.0.0.1:<port>`: plain HTTP, on loopback. */
  readonly host: string;
  readonly program: RunningProgram;
}

/**
 * CNCF Distribution's registry (toolchain/registry) on a loopback port, storing in the run's
 * directory and ended with it: where the run pushes the OCI charts its OCIRepositories pull.
 */
export async function startOciRegistry(run: RunDirectory): Promise<LocalOciRegistry> {
  const directory = join(run.path, 'registry');
  mkdirSync(join(directory, 'storage'), { recursive: true });
  const [port] = await freeLoopbackPorts(1);
  const host = `${loopback}:${port}`;
  const config = join(directory, 'config.yml');
  writeFileSync(config, stringify({ version: 0.1, log: { level: 'warn' }, storage: { filesystem: { rootdirectory: join(directory, 'storage') } }, http: { addr: host } }));
  const program = startProgram(run, 'registry', toolchainCommand('registry'), ['serve', config]);
  await waitUntil('the OCI registry', () => fetch(`http://${host}/v2/`).then((response) => response.ok), { timeoutMs: 30_000, program });
  return { host, program };
}

/**
 * `helm push` of a packaged chart to `oci://<host>/<repository>`, with Helm's own state in
 * `helmHome` (not the user's): the chart lands at `<host>/<repository>/<name>:<version>`.
 */
export async function pushChart(host: string, repository: string, chartPackage: string, helmHome: string): Promise<void> {
  await run(toolchainCommand('helm'), ['push', chartPackage, `oci://${host}/${repository}`, '--plain-http'], {
    env: { ...process.env, HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_DATA_HOME: join(helmHome, 'data') },
  });
}
