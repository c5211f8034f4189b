import { bindPendingClaims } from './volume-binder.ts';

export interface RunningProvisioner {
  /** What the API server refused, for the run's report. */
  readonly errors: readonly string[];
  stop(): Promise<void>;
}

/**
 * bindPendingClaims every `intervalMs` while Flux installs the environment: the claims appear as
 * the units apply their StatefulSets and PersistentVolumeClaims, in dependsOn order.
 */
export function startVolumeProvisioner(kubeconfig: string, intervalMs = 2000): RunningProvisioner {
  const errors: string[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await bindPendingClaims(kubeconfig).catch((error: Error) => {
        if (!errors.includes(error.message)) errors.push(error.message);
      });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    errors,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
