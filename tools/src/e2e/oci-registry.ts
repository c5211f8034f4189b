import { toolchainCommand } from '@open4goods/kit';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freeLoopbackPort, type ManagedProcess, startManagedProcess } from './child-processes.ts';

const run = promisify(execFile);

export interface LocalOciRegistry {
  /** `127.0.0.1:<port>`: plain HTTP, on loopback. */
  readonly host: string;
  readonly process: ManagedProcess;
  stop(): Promise<void>;
}

/**
 * CNCF Distribution's registry (toolchain/registry) on a loopback port, storing in `directory`:
 * where the run pushes the OCI charts its OCIRepositories pull.
 */
export async function startOciRegistry(directory: string): Promise<LocalOciRegistry> {
  mkdirSync(join(directory, 'storage'), { recursive: true });
  const host = `127.0.0.1:${await freeLoopbackPort()}`;
  const config = join(directory, 'config.yml');
  writeFileSync(config, stringify({ version: 0.1, log: { level: 'warn' }, storage: { filesystem: { rootdirectory: join(directory, 'storage') } }, http: { addr: host } }));
  const registry = startManagedProcess('registry', toolchainCommand('registry'), ['serve', config], join(directory, 'registry.log'));
  for (let attempt = 0; ; attempt++) {
    if (await fetch(`http://${host}/v2/`).then((response) => response.ok, () => false)) break;
    if (attempt >= 100 || registry.child.exitCode !== null) {
      await registry.stop();
      throw new Error(`the OCI registry did not answer on ${host} (log: ${join(directory, 'registry.log')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, process: registry, stop: () => registry.stop() };
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
