import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a secret is in clear on disk while an operator edits it: a private directory (0700, the
 * file 0600) `o4g-secret-<pid>-XXXXXX` under the OS temporary directory, which holds the editor's
 * swap and backup files too (vim writes them beside the file). It is removed on every way out:
 * normal return, editor failure, an exception, and SIGTERM/SIGHUP (forwarded to the editor, which
 * gets up to 5 s to exit, so nothing it writes on its way out lands after the removal). SIGINT and
 * SIGQUIT are left to the editor, as git does: they reach it too from the terminal.
 *
 * SIGKILL cannot be caught: the directory then stays until the next `o4g secrets edit`, which
 * first removes every such directory of this user whose process is gone
 * ({@link removeAbandonedScratchDirectories}), or until the OS clears its temporary directory.
 */
const scratchPrefix = 'o4g-secret-';
const editorGraceMilliseconds = 5000;

/** Removes the scratch directories left by an `o4g secrets edit` that was killed (its pid is gone). */
export function removeAbandonedScratchDirectories(root: string = tmpdir()): string[] {
  const removed: string[] = [];
  for (const entry of readdirSync(root)) {
    const pid = new RegExp(`^${scratchPrefix}([0-9]+)-`).exec(entry)?.[1];
    if (!pid) continue;
    const directory = join(root, entry);
    const owner = statSync(directory, { throwIfNoEntry: false })?.uid;
    if (owner === undefined || owner !== process.getuid?.() || processIsAlive(Number(pid))) continue;
    rmSync(directory, { recursive: true, force: true });
    removed.push(directory);
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `'…'` for sh: the scratch path goes after the operator's editor command, which may have arguments. */
const shellQuoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

export interface EditSession {
  /** The file name the editor shows (its extension selects the syntax highlighting). */
  readonly fileName: string;
  readonly content: string;
  /** `$VISUAL`/`$EDITOR`, a shell command (`code --wait`, `vim -n`). */
  readonly editor: string;
  readonly variables: NodeJS.ProcessEnv;
  /** Where the scratch directory is made; the OS temporary directory unless a test says otherwise. */
  readonly temporaryRoot?: string;
}

/** Opens `content` in the operator's editor and returns what was saved; no clear text stays on disk. */
export async function editInPrivateScratch(session: EditSession): Promise<string> {
  const root = session.temporaryRoot ?? tmpdir();
  removeAbandonedScratchDirectories(root);
  const directory = mkdtempSync(join(root, `${scratchPrefix}${process.pid}-`));
  chmodSync(directory, 0o700);
  let interruption: NodeJS.Signals | undefined;
  const removeScratch = () => rmSync(directory, { recursive: true, force: true });
  try {
    const file = join(directory, session.fileName);
    writeFileSync(file, session.content, { mode: 0o600 });
    const editor = spawn(`exec ${session.editor} ${shellQuoted(file)}`, { shell: true, stdio: 'inherit', env: session.variables });
    const forward = (signal: NodeJS.Signals) => {
      interruption = signal;
      editor.kill(signal);
      setTimeout(() => editor.kill('SIGKILL'), editorGraceMilliseconds).unref();
    };
    const leaveToEditor = () => {};
    process.on('SIGTERM', forward).on('SIGHUP', forward).on('SIGINT', leaveToEditor).on('SIGQUIT', leaveToEditor);
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      editor.once('error', (error) => resolve({ code: null, signal: null, error }));
      editor.once('exit', (code, signal) => resolve({ code, signal }));
    }).finally(() => process.off('SIGTERM', forward).off('SIGHUP', forward).off('SIGINT', leaveToEditor).off('SIGQUIT', leaveToEditor));
    if (interruption) {
      removeScratch();
      process.kill(process.pid, interruption); // the default action now: o4g ends as signalled
    }
    if (outcome.error) throw new Error(`${session.editor} could not start (${outcome.error.message}): nothing written`);
    if (outcome.code !== 0) throw new Error(`${session.editor} exited with ${outcome.code ?? outcome.signal}: nothing written`);
    return readFileSync(file, 'utf8');
  } finally {
    removeScratch();
  }
}
