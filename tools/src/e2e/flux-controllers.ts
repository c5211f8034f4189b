import { toolchainCommand } from '@open4goods/kit';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort, type ManagedProcess, startManagedProcess } from './child-processes.ts';
import { type FluxController, fluxControllers } from './flux-release.ts';

export interface FluxControllersOptions {
  readonly kubeconfig: string;
  /** Logs (`<controller>.log`) and source-controller's artifacts go here. */
  readonly directory: string;
}

export interface RunningFluxControllers {
  readonly processes: readonly ManagedProcess[];
  /** Where notification-controller receives the other controllers' events. */
  readonly eventsUrl: string;
  logFile(controller: FluxController): string;
  stop(): Promise<void>;
}

/** The flags every controller gets: one instance, metrics and health on loopback, events to notification-controller. */
async function commonFlags(eventsUrl: string | undefined): Promise<string[]> {
  return [
    '--enable-leader-election=false',
    `--metrics-addr=127.0.0.1:${await freeLoopbackPort()}`,
    `--health-addr=127.0.0.1:${await freeLoopbackPort()}`,
    '--log-encoding=json',
    ...(eventsUrl ? [`--events-addr=${eventsUrl}`] : []),
  ];
}

/**
 * The command line of each controller as a local process, what flux-system's Deployments run in a
 * cluster, on loopback ports. source-controller serves its artifacts over HTTP on loopback
 * (--storage-addr), and advertises that address in the artifacts' URLs (--storage-adv-addr), which
 * kustomize-controller and helm-controller download from.
 */
export async function controllerArguments(directory: string): Promise<{ eventsUrl: string; arguments: Record<FluxController, string[]> }> {
  const eventsPort = await freeLoopbackPort();
  const eventsUrl = `http://127.0.0.1:${eventsPort}/`;
  const storagePort = await freeLoopbackPort();
  return {
    eventsUrl,
    arguments: {
      'notification-controller': [...(await commonFlags(undefined)), `--events-addr=127.0.0.1:${eventsPort}`, `--receiverAddr=127.0.0.1:${await freeLoopbackPort()}`],
      'source-controller': [
        ...(await commonFlags(eventsUrl)),
        `--storage-path=${join(directory, 'artifacts')}`,
        `--storage-addr=127.0.0.1:${storagePort}`,
        `--storage-adv-addr=127.0.0.1:${storagePort}`,
      ],
      'kustomize-controller': await commonFlags(eventsUrl),
      'helm-controller': await commonFlags(eventsUrl),
    },
  };
}

/** Starts the four controllers built by toolchain/flux-* against the cluster of `kubeconfig`. */
export async function startFluxControllers(options: FluxControllersOptions): Promise<RunningFluxControllers> {
  mkdirSync(join(options.directory, 'artifacts'), { recursive: true });
  const { eventsUrl, arguments: argumentsOf } = await controllerArguments(options.directory);
  const logFile = (controller: FluxController) => join(options.directory, `${controller}.log`);
  const processes = fluxControllers.map((controller) =>
    startManagedProcess(controller, toolchainCommand(controller), argumentsOf[controller], logFile(controller), {
      // In a cluster the Deployment sets RUNTIME_NAMESPACE from the pod's namespace.
      env: { ...process.env, KUBECONFIG: options.kubeconfig, RUNTIME_NAMESPACE: 'flux-system' },
    }),
  );
  return {
    processes,
    eventsUrl,
    logFile,
    async stop() {
      await Promise.all(processes.map((running) => running.stop()));
    },
  };
}
