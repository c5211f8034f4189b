import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();
let hooked = false;

/** Kills what is still running when this process ends, normally, on an error or on Ctrl-C. */
function killOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.kill(process.pid, signal);
    });
  }
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMilliseconds`; resolves when it has exited. */
  stop(graceMilliseconds?: number): Promise<void>;
}

/** Starts `command` with its output appended to `logFile`; it is killed at the latest when this process exits. */
export function startManagedProcess(name: string, command: string, args: readonly string[], logFile: string, options: SpawnOptions = {}): ManagedProcess {
  killOnExit();
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, [...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return {
    name,
    child,
    async stop(graceMilliseconds = 5_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMilliseconds);
        await exited;
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago (the system picked it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
