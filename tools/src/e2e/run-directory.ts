import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The signals that ask a process to stop (Ctrl-C, `kill`, a closed terminal). */
const terminationSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * What a run leaves on the machine, in one place: a temp directory (certificates, data, logs) and
 * the process groups started for it. `remove()` ends them and deletes the directory; it also runs
 * on SIGINT/SIGTERM/SIGHUP and when the process exits, and a watchdog does it if this process is
 * killed outright (SIGKILL, which no handler sees).
 */
export interface RunDirectory {
  readonly path: string;
  /** Records a started process (the leader of its own process group) so `remove()` ends it. */
  track(child: ChildProcess): void;
  remove(): Promise<void>;
}

// The watchdog: a bash (dash's kill takes no `--` before a negative process-group id) of its own process group that waits for this process to end, then ends
// every process group listed in the run's pids file and deletes the directory. `remove()` ends it first.
const watchdogScript = `
parent=$1 directory=$2
while kill -0 "$parent" 2>/dev/null; do sleep 1; done
if [ -f "$directory/pids" ]; then
  while read -r pid; do kill -TERM "-$pid" 2>/dev/null; done <"$directory/pids"
  sleep 2
  while read -r pid; do kill -KILL "-$pid" 2>/dev/null; done <"$directory/pids"
fi
rm -rf -- "$directory"
`;

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
};

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export function createRunDirectory(prefix: string): RunDirectory {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const pidsFile = join(path, 'pids');
  const groups: number[] = [];
  const watchdog = spawn('bash', ['-c', watchdogScript, 'o4g-e2e-watchdog', String(process.pid), path], { detached: true, stdio: 'ignore' });
  watchdog.unref();
  let removed = false;

  // Synchronous, for the process's 'exit' event: SIGKILL to each group, then the directory.
  const removeNow = (): void => {
    if (removed) return;
    removed = true;
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    if (watchdog.pid) signalGroup(watchdog.pid, 'SIGKILL');
    rmSync(path, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void remove().finally(() => {
      // Then end as the signal asked, as if no handler had been there (unless another handler stays).
      for (const name of terminationSignals) process.off(name, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  async function remove(): Promise<void> {
    if (removed) return;
    process.off('exit', removeNow);
    for (const name of terminationSignals) process.off(name, onSignal);
    // SIGTERM first (etcd and the API server shut down cleanly), SIGKILL for what is left after
    // 5 s; the directory goes once every process is gone (or 2 s after the SIGKILL).
    const waitForGroups = async (milliseconds: number) => {
      for (let waited = 0; waited < milliseconds && groups.some(groupAlive); waited += 100) await sleep(100);
    };
    for (const pid of groups) signalGroup(pid, 'SIGTERM');
    await waitForGroups(5000);
    for (const pid of groups) signalGroup(pid, 'SIGKILL');
    await waitForGroups(2000);
    removeNow();
  }
  process.on('exit', removeNow);
  for (const name of terminationSignals) process.on(name, onSignal);

  return {
    path,
    track(child) {
      if (!child.pid) return;
      groups.push(child.pid);
      appendFileSync(pidsFile, `${child.pid}\n`);
    },
    remove,
  };
}
