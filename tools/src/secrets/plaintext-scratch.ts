import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentProcessIdentity, isRunning } from '../engine/process-identity.ts';

/**
 * Where a secret is in clear on disk while an operator edits it: a private directory (0700, the
 * file 0600) `o4g-secret-<pid>-<start time>-XXXXXX`, which holds the editor's swap and backup
 * files too (vim writes them beside the file). It is made in memory when the system offers it
 * ($XDG_RUNTIME_DIR, then /dev/shm), else in the OS temporary directory, so that a power cut
 * does not leave the clear text on a disk. It is removed on every way out: normal return, editor
 * failure, an exception, and SIGTERM/SIGHUP/SIGINT (forwarded to the editor, which gets up to
 * 5 s to exit, so nothing it writes on its way out lands after the removal; o4g then ends by the
 * same signal and writes nothing). SIGQUIT is left to the editor.
 *
 * SIGKILL cannot be caught: the directory then stays until the next o4g command of this user,
 * which first removes every such directory whose process is gone
 * ({@link removeAbandonedScratchDirectories}), or until the system clears that location.
 */
const scratchPrefix = 'o4g-secret-';
const scratchPattern = new RegExp(`^${scratchPrefix}([0-9]+)-([0-9]*)-`);
const editorGraceMilliseconds = 5000;
const forwardedSignals = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;

/** A directory only this user can enter, as $XDG_RUNTIME_DIR must be (a tmpfs the login made). */
function isPrivateDirectory(path: string): boolean {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && stat.isDirectory() && stat.uid === process.getuid?.() && (stat.mode & 0o077) === 0;
}

function isWritableDirectory(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The locations a scratch directory may be in, preferred first: memory-backed ones, then the OS temporary directory. */
export function scratchLocations(variables: NodeJS.ProcessEnv = process.env): string[] {
  const runtime = variables.XDG_RUNTIME_DIR;
  const candidates = [...(runtime && isPrivateDirectory(runtime) ? [runtime] : []), ...(isWritableDirectory('/dev/shm') ? ['/dev/shm'] : []), tmpdir()];
  return [...new Set(candidates)];
}

/** Removes the scratch directories left by an `o4g secrets edit` that was killed (its process is gone). */
export function removeAbandonedScratchDirectories(variables: NodeJS.ProcessEnv = process.env): string[] {
  const removed: string[] = [];
  for (const location of scratchLocations(variables)) {
    let entries: string[];
    try {
      entries = readdirSync(location);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const match = scratchPattern.exec(entry);
      if (!match) continue;
      const directory = join(location, entry);
      if (statSync(directory, { throwIfNoEntry: false })?.uid !== process.getuid?.()) continue;
      if (isRunning({ pid: Number(match[1]), host: hostname(), ...(match[2] ? { startTime: match[2] } : {}) })) continue;
      rmSync(directory, { recursive: true, force: true });
      removed.push(directory);
    }
  }
  return removed;
}

/** `'…'` for sh: the scratch path goes after the operator's editor command, which may have arguments. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

export interface EditSession {
  /** The file name the editor shows (its extension selects the syntax highlighting). */
  readonly fileName: string;
  readonly content: string;
  /** `$VISUAL`/`$EDITOR`, a shell command (`code --wait`, `vim -n`). */
  readonly editor: string;
  /** The editor's environment; its XDG_RUNTIME_DIR is where the scratch goes, when private. */
  readonly variables: NodeJS.ProcessEnv;
}

/** What the operator left in the editor: `unchanged` when the file was not saved or saved as shown. */
export interface EditResult {
  readonly content: string;
  readonly unchanged: boolean;
}

/** Opens `content` in the operator's editor and returns what was saved; no clear text stays on disk. */
export async function editInPrivateScratch(session: EditSession): Promise<EditResult> {
  removeAbandonedScratchDirectories(session.variables);
  const identity = currentProcessIdentity();
  const directory = mkdtempSync(join(scratchLocations(session.variables)[0]!, `${scratchPrefix}${identity.pid}-${identity.startTime ?? ''}-`));
  chmodSync(directory, 0o700);
  let interruption: NodeJS.Signals | undefined;
  const removeScratch = () => rmSync(directory, { recursive: true, force: true });
  try {
    const file = join(directory, session.fileName);
    writeFileSync(file, session.content, { mode: 0o600 });
    const editor = spawn(`exec ${session.editor} ${shellQuoted(file)}`, { shell: true, stdio: 'inherit', env: session.variables });
    const forward = (signal: NodeJS.Signals) => {
      interruption ??= signal;
      editor.kill(signal);
      setTimeout(() => editor.kill('SIGKILL'), editorGraceMilliseconds).unref();
    };
    const leaveToEditor = () => {};
    for (const signal of forwardedSignals) process.on(signal, forward);
    process.on('SIGQUIT', leaveToEditor);
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      editor.once('error', (error) => resolve({ code: null, signal: null, error }));
      editor.once('exit', (code, signal) => resolve({ code, signal }));
    }).finally(() => {
      for (const signal of forwardedSignals) process.off(signal, forward);
      process.off('SIGQUIT', leaveToEditor);
    });
    if (interruption) {
      removeScratch();
      process.kill(process.pid, interruption); // the default action now: o4g ends as signalled
      throw new Error(`stopped by ${interruption}: nothing written`);
    }
    if (outcome.error) throw new Error(`${session.editor} could not start (${outcome.error.message}): nothing written`);
    if (outcome.code !== 0) throw new Error(`${session.editor} exited with ${outcome.code ?? outcome.signal}: nothing written`);
    const content = readFileSync(file, 'utf8');
    return { content, unchanged: content === session.content };
  } finally {
    removeScratch();
  }
}
