import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDirectory } from './run-directory.ts';

/** A program of the control plane, running in its own process group, its output in a log file. */
export interface RunningProgram {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Set once the program has exited: its exit code or the signal that ended it. */
  exit(): string | undefined;
  /** The last lines of its log, for an error message. */
  logTail(lines?: number): string;
}

/**
 * Starts `command` with its standard output and error appended to `<run>/logs/<name>.log`, as the
 * leader of a new process group that the run directory ends (with every child) when it is removed.
 */
export function startProgram(run: RunDirectory, name: string, command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningProgram {
  const logs = join(run.path, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = join(logs, `${name}.log`);
  const output = openSync(logFile, 'a');
  const child = spawn(command, [...args], { detached: true, stdio: ['ignore', output, output], ...(options.env ? { env: options.env } : {}) });
  closeSync(output);
  let exit: string | undefined;
  child.on('error', (error) => (exit = `could not start ${command}: ${error.message}`));
  child.on('exit', (code, signal) => (exit = signal ? `ended by ${signal}` : `exited with code ${code}`));
  run.track(child);
  child.unref();
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exit: () => exit,
    logTail(lines = 30) {
      if (!existsSync(logFile)) return '(no log)';
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    },
  };
}
