import { toolchainCommand } from '@open4goods/kit';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type FluxController, fluxControllers } from './flux-release.ts';
import { freeLoopbackPorts, loopback } from './loopback-ports.ts';
import { type RunningProgram, startProgram } from './processes.ts';
import { waitUntil } from './readiness.ts';
import type { RunDirectory } from './run-directory.ts';

export interface RunningFluxControllers {
  readonly programs: Readonly<Record<FluxController, RunningProgram>>;
  /** Where notification-controller receives the other controllers' events. */
  readonly eventsUrl: string;
}

/**
 * The command line of each controller as a local process, what flux-system's Deployments run in a
 * cluster, on loopback ports: one instance (no leader election), metrics and health on loopback,
 * events to notification-controller. source-controller serves its artifacts over HTTP on loopback
 * (--storage-addr) and advertises that address in the artifacts' URLs (--storage-adv-addr), where
 * kustomize-controller and helm-controller download them.
 */
export async function controllerArguments(storagePath: string): Promise<{ eventsUrl: string; healthPorts: Record<FluxController, number>; arguments: Record<FluxController, string[]> }> {
  const [events, receiver, storage, ...perController] = await freeLoopbackPorts(3 + 2 * fluxControllers.length);
  const eventsUrl = `http://${loopback}:${events}/`;
  const healthPorts = {} as Record<FluxController, number>;
  const common = (controller: FluxController): string[] => {
    const index = fluxControllers.indexOf(controller);
    healthPorts[controller] = perController[2 * index + 1]!;
    return [
      '--enable-leader-election=false',
      `--metrics-addr=${loopback}:${perController[2 * index]}`,
      `--health-addr=${loopback}:${healthPorts[controller]}`,
      '--log-encoding=json',
    ];
  };
  return {
    eventsUrl,
    healthPorts,
    arguments: {
      'notification-controller': [...common('notification-controller'), `--events-addr=${loopback}:${events}`, `--receiverAddr=${loopback}:${receiver}`],
      'source-controller': [
        ...common('source-controller'),
        `--events-addr=${eventsUrl}`,
        `--storage-path=${storagePath}`,
        `--storage-addr=${loopback}:${storage}`,
        `--storage-adv-addr=${loopback}:${storage}`,
      ],
      'kustomize-controller': [...common('kustomize-controller'), `--events-addr=${eventsUrl}`],
      'helm-controller': [...common('helm-controller'), `--events-addr=${eventsUrl}`],
    },
  };
}

/**
 * Starts the four controllers built by toolchain/flux-* against the cluster of `kubeconfig`, in the
 * run's directory (logs, artifacts) and ended with it; resolves once each answers its health check.
 */
export async function startFluxControllers(run: RunDirectory, kubeconfig: string): Promise<RunningFluxControllers> {
  const storagePath = join(run.path, 'flux-artifacts');
  mkdirSync(storagePath, { recursive: true });
  const { eventsUrl, healthPorts, arguments: argumentsOf } = await controllerArguments(storagePath);
  // In a cluster the Deployment sets RUNTIME_NAMESPACE from the pod's namespace.
  const env = { ...process.env, KUBECONFIG: kubeconfig, RUNTIME_NAMESPACE: 'flux-system' };
  const programs = Object.fromEntries(
    fluxControllers.map((controller) => [controller, startProgram(run, controller, toolchainCommand(controller), argumentsOf[controller], { env })]),
  ) as Record<FluxController, RunningProgram>;
  for (const controller of fluxControllers) {
    const healthy = () => fetch(`http://${loopback}:${healthPorts[controller]}/readyz`).then((response) => response.ok);
    await waitUntil(controller, healthy, { timeoutMs: 120_000, program: programs[controller] });
  }
  return { programs, eventsUrl };
}
