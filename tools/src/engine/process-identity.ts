import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock or a temporary file: enough to tell later whether that process still runs. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /** The kernel's start time of the process (Linux), so a reused pid is not taken for the holder. */
  readonly startTime?: string;
}

/** State (field 3) and start time (field 22, clock ticks since boot) from /proc/<pid>/stat; undefined off Linux. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: count after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, startTime: fields[19]! };
  } catch {
    return undefined;
  }
}

export function currentProcessIdentity(): ProcessIdentity {
  const startTime = procStat(process.pid)?.startTime;
  return { pid: process.pid, host: hostname(), ...(startTime ? { startTime } : {}) };
}

/**
 * Whether the process is still running. A process on another host cannot be checked and counts
 * as running (its owner must remove what it holds by hand).
 */
export function isRunning(identity: ProcessIdentity): boolean {
  if (identity.host !== hostname()) return true;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = procStat(identity.pid);
  if (!stat) return true;
  // A zombie has exited (its parent has not collected it yet); another start time is another process.
  return stat.state !== 'Z' && (identity.startTime === undefined || stat.startTime === identity.startTime);
}

/** Parses an identity written with JSON.stringify, or undefined for anything else. */
export function parseProcessIdentity(text: string): ProcessIdentity | undefined {
  try {
    const value = JSON.parse(text) as Partial<ProcessIdentity>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return { pid: value.pid, host: value.host, ...(typeof value.startTime === 'string' ? { startTime: value.startTime } : {}) };
  } catch {
    return undefined;
  }
}
