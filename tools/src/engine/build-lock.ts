import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, linkSync, openSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProcessIdentity, currentProcessIdentity, isRunning, parseProcessIdentity } from './process-identity.ts';

/** The lock every `o4g build` holds while it reads and writes the generated tree. */
export const buildLockFile = '.o4g-build.lock';

/** What the lock file records about its holder. */
export interface LockHolder extends ProcessIdentity {
  readonly since?: string;
  readonly command?: string;
}

export interface BuildLock {
  readonly holder: LockHolder;
  /** Removes the lock (only if it is still this process's). */
  release(): void;
}

export interface AcquireOptions {
  /** How long to wait for a running holder before refusing; default 10 minutes. */
  readonly maxWaitMs?: number;
  /** Called once when the lock is held by a running process and this one starts waiting. */
  readonly onWait?: (holder: LockHolder) => void;
  /** Called when the lock of a process that no longer runs is taken over. */
  readonly onTakeOver?: (holder: LockHolder | undefined) => void;
  /** Checked while waiting: true stops the wait (a signal arrived); acquire then returns undefined. */
  readonly interrupted?: () => boolean;
}

interface LockOnDisk {
  readonly raw: string;
  readonly inode: number;
  readonly holder: LockHolder | undefined;
}

function parseHolder(raw: string): LockHolder | undefined {
  const identity = parseProcessIdentity(raw);
  if (!identity) return undefined;
  const { since, command } = JSON.parse(raw) as { since?: unknown; command?: unknown };
  return { ...identity, ...(typeof since === 'string' ? { since } : {}), ...(typeof command === 'string' ? { command } : {}) };
}

function readLock(path: string): LockOnDisk | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const raw = readFileSync(descriptor, 'utf8');
    return { raw, inode: fstatSync(descriptor).ino, holder: parseHolder(raw) };
  } finally {
    closeSync(descriptor);
  }
}

const isCode = (error: unknown, code: string): boolean => (error as NodeJS.ErrnoException).code === code;

export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host}${holder.since ? `, started ${holder.since}` : ''}${holder.command ? `, \`o4g ${holder.command}\`` : ''}`;
}

/**
 * Removes the lock `seen` of a process that no longer runs, so that exactly one of the processes
 * that found it stale removes it, and never a lock taken since. A taker first links its candidate
 * to `<lock>.reap-<id of seen>-<n>` (a link fails if the name exists); `n` moves on only past a
 * taker that died. The winner removes the lock only if it is still `seen` (same inode and bytes):
 * nobody else removes `seen` meanwhile, as its holder is dead and the other takers lost.
 * Returns false when another running process is taking it over.
 */
function takeOverStale(lockPath: string, seen: LockOnDisk, candidate: string): boolean {
  const id = createHash('sha256').update(`${seen.inode}:${seen.raw}`).digest('hex').slice(0, 16);
  const claims: string[] = [];
  let won = false;
  try {
    for (let n = 0; !won; n++) {
      const claim = `${lockPath}.reap-${id}-${n}`;
      try {
        linkSync(candidate, claim);
        won = true;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
        const taker = readLock(claim);
        // Gone: a winner finished and cleaned up. Running: another process is taking it over.
        if (!taker || (taker.holder && isRunning(taker.holder))) return false;
      }
      claims.push(claim);
    }
    const now = readLock(lockPath);
    if (now && now.inode === seen.inode && now.raw === seen.raw) unlinkSync(lockPath);
    return true;
  } finally {
    // The winner removes its claim and those of the dead takers before it, once `seen` is gone.
    if (won) for (const claim of claims) rmSync(claim, { force: true });
  }
}

/** Candidates and claims of processes that no longer run. Called with the lock held, when no taker can be between its checks. */
function removeLeftoversOfDeadProcesses(root: string): void {
  for (const entry of readdirSync(root)) {
    if (!entry.startsWith(`${buildLockFile}.`)) continue;
    const leftover = readLock(join(root, entry));
    if (leftover && (!leftover.holder || !isRunning(leftover.holder))) rmSync(join(root, entry), { force: true });
  }
}

/**
 * Takes the build lock of the repository at `root`: waits while a running process holds it
 * (refusing after `maxWaitMs`, naming the holder), takes over a lock whose holder no longer runs.
 * The lock is a file created by linking a complete candidate file to its name, so it is never
 * seen empty or half written.
 */
export async function acquireBuildLock(root: string, options: AcquireOptions = {}): Promise<BuildLock | undefined> {
  const lockPath = join(root, buildLockFile);
  const holder: LockHolder = { ...currentProcessIdentity(), since: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
  const nonce = randomBytes(8).toString('hex');
  const content = JSON.stringify({ ...holder, nonce });
  const candidate = `${lockPath}.${process.pid}-${nonce}.candidate`;
  writeFileSync(candidate, content, { flag: 'wx' });
  const deadline = Date.now() + (options.maxWaitMs ?? 600_000);
  let announced = false;
  try {
    for (;;) {
      try {
        linkSync(candidate, lockPath);
        break;
      } catch (error) {
        if (!isCode(error, 'EEXIST')) throw error;
      }
      const seen = readLock(lockPath);
      if (!seen) continue;
      if (!seen.holder || !isRunning(seen.holder)) {
        if (takeOverStale(lockPath, seen, candidate)) {
          options.onTakeOver?.(seen.holder);
          continue;
        }
      } else {
        if (Date.now() >= deadline) {
          throw new Error(
            `another o4g build (${describeHolder(seen.holder)}) holds ${lockPath} and is still running. ` +
              `Let it finish, or stop it (kill ${seen.holder.pid}), then run the build again.`,
          );
        }
        if (!announced) options.onWait?.(seen.holder);
        announced = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (options.interrupted?.()) return undefined;
    }
  } finally {
    rmSync(candidate, { force: true });
  }
  removeLeftoversOfDeadProcesses(root);
  return {
    holder,
    release() {
      if (readLock(lockPath)?.raw === content) unlinkSync(lockPath);
    },
  };
}
