/** The signals that ask a process to stop (Ctrl-C, `kill`, a closed terminal). */
const terminationSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface DeferredSignals {
  /** The first signal received since `deferTerminationSignals`, if any. */
  readonly received: () => NodeJS.Signals | undefined;
  /** Stops deferring; if a signal arrived, raises it again so the process ends as it asked. */
  restore(): Promise<void>;
}

/**
 * From now until `restore()`, SIGINT, SIGTERM and SIGHUP no longer end the process at once: the
 * work in progress finishes and cleans up (the write phase of a build is short and synchronous),
 * then the signal takes effect. `onSignal` is told when one arrives.
 */
export function deferTerminationSignals(onSignal: (signal: NodeJS.Signals) => void): DeferredSignals {
  let received: NodeJS.Signals | undefined;
  const listener = (signal: NodeJS.Signals): void => {
    if (received) return;
    received = signal;
    onSignal(signal);
  };
  for (const signal of terminationSignals) process.on(signal, listener);
  return {
    received: () => received,
    async restore() {
      // A signal that came during synchronous work is dispatched when the event loop next polls:
      // two turns of the loop guarantee one poll before the listeners go.
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      for (const signal of terminationSignals) process.off(signal, listener);
      if (received) process.kill(process.pid, received);
    },
  };
}
