import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRunning } from '../engine/process-identity.ts';
import { decryptSecret } from '../secrets/sops-document.ts';
import { type TestAgeKey, generateTestAgeKey } from '../testing/age-keys.ts';
import { temporaryRepository } from '../testing/fixtures.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { editedSecretFile, secretEditWorkspace } from '../testing/secret-edit-process.ts';
import { runSecrets } from './secrets.ts';

/**
 * `o4g secrets edit` run as a process of its own, with a shell script as $EDITOR, killed or
 * signalled while the editor runs: the clear text never outlives the command (or, after a
 * SIGKILL of o4g that nothing can catch, the next o4g command), and the SOPS file is written
 * only when the operator saved a change and the editor exited 0.
 */

const harness = fileURLToPath(new URL('../testing/secret-edit-process.ts', import.meta.url));

/**
 * The editor stand-in: reports its pid, the file and the modes of the file and its directory,
 * then does what its first argument says. `wait` also writes a swap file beside the file, as vim does.
 */
const editorScript = `#!/bin/sh
mode=$1; file=$2; dir=$(dirname "$file")
if [ "$mode" = wait ]; then cp "$file" "$dir/.$(basename "$file").swp"; fi
printf '%s\\n%s\\n%s\\n%s\\n' "$$" "$file" "$(stat -c %a "$dir")" "$(stat -c %a "$file")" > "$EDITOR_REPORT.part"
mv "$EDITOR_REPORT.part" "$EDITOR_REPORT"
case $mode in
  wait) exec sleep 120 ;;
  quit) exit 0 ;;
  fail) sed -i 's/^"password": .*$/"password": "typed, then the editor failed"/' "$file"; exit 3 ;;
  save) sed -i 's/^"password": .*$/"password": "saved"/' "$file"; exit 0 ;;
esac
`;

interface EditorReport {
  readonly pid: number;
  readonly file: string;
  readonly directoryMode: string;
  readonly fileMode: string;
}

interface Scenario {
  readonly root: string;
  /** The scratch location o4g must prefer: a private directory, as a login's $XDG_RUNTIME_DIR. */
  readonly runtime: string;
  /** The child's TMPDIR, which must stay empty. */
  readonly temporary: string;
  readonly report: string;
  readonly before: { readonly bytes: Buffer; readonly mtimeMs: number; readonly ino: number };
  readonly child: ChildProcess;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('o4g secrets edit, interrupted or left without saving', { timeout: 180_000, concurrent: true }, () => {
  let base: string;
  let key: TestAgeKey;
  let keyFile: string;
  let editor: string;
  let seeded: string;

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'o4g-edit-interrupted-'));
    key = await generateTestAgeKey();
    keyFile = join(base, 'keys.txt');
    writeFileSync(keyFile, `${key.identity}\n`, { mode: 0o600 });
    editor = join(base, 'editor.sh');
    writeFileSync(editor, editorScript, { mode: 0o755 });
    seeded = temporaryRepository();
    const sink = { out: () => {}, err: () => {} };
    expect(await runSecrets(secretEditWorkspace(seeded, key.recipient), ['set', 'gamma', 'app-credentials', 'user=web', 'password=0x1F'], sink, { variables: { SOPS_AGE_KEY_FILE: keyFile } })).toBe(0);
  });

  afterAll(() => {
    for (const directory of [base, seeded]) if (directory) rmSync(directory, { recursive: true, force: true });
  });

  /** A repository holding the seeded SOPS file, and `o4g secrets edit` started on it with the editor in `mode`. */
  function startEdit(mode: 'wait' | 'quit' | 'fail' | 'save'): Scenario {
    const root = temporaryRepository();
    mkdirSync(dirname(join(root, editedSecretFile)), { recursive: true });
    copyFileSync(join(seeded, editedSecretFile), join(root, editedSecretFile));
    const scenario = mkdtempSync(join(base, `${mode}-`));
    const runtime = join(scenario, 'runtime');
    const temporary = join(scenario, 'tmp');
    mkdirSync(runtime, { mode: 0o700 });
    chmodSync(runtime, 0o700);
    mkdirSync(temporary);
    const stat = statSync(join(root, editedSecretFile));
    const report = join(scenario, 'editor-report');
    const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', harness, root, key.recipient, 'edit'], {
      env: { PATH: process.env.PATH, HOME: scenario, TMPDIR: temporary, XDG_RUNTIME_DIR: runtime, SOPS_AGE_KEY_FILE: keyFile, EDITOR: `${editor} ${mode}`, EDITOR_REPORT: report },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
    return { root, runtime, temporary, report, child, exit, before: { bytes: readFileSync(join(root, editedSecretFile)), mtimeMs: stat.mtimeMs, ino: stat.ino } };
  }

  async function editorStarted(scenario: Scenario): Promise<EditorReport> {
    for (let waited = 0; !existsSync(scenario.report); waited += 50) {
      if (waited > 90_000) throw new Error('the editor did not start within 90 s');
      await sleep(50);
    }
    const [pid, file, directoryMode, fileMode] = readFileSync(scenario.report, 'utf8').trimEnd().split('\n');
    return { pid: Number(pid), file: file!, directoryMode: directoryMode!, fileMode: fileMode! };
  }

  async function ended(scenario: Scenario): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
    const timeout = sleep(20_000).then(() => undefined);
    const result = await Promise.race([scenario.exit, timeout]);
    if (result) return result;
    scenario.child.kill('SIGKILL');
    throw new Error('o4g secrets edit did not end within 20 s');
  }

  /** The clear text was in a private directory of the preferred location, and nothing of it is left anywhere. */
  function expectPrivateAndGone(scenario: Scenario, editorReport: EditorReport): void {
    expect(dirname(dirname(editorReport.file))).toBe(scenario.runtime);
    expect([editorReport.directoryMode, editorReport.fileMode]).toEqual(['700', '600']);
    expect(readdirSync(scenario.runtime)).toEqual([]);
    expect(readdirSync(scenario.temporary)).toEqual([]);
    expect(isRunning({ pid: editorReport.pid, host: hostname() })).toBe(false);
  }

  /** The SOPS file has the same bytes, inode and mtime: it was not even rewritten with the same content. */
  function expectUntouched(scenario: Scenario): void {
    const path = join(scenario.root, editedSecretFile);
    const stat = statSync(path);
    expect(readFileSync(path)).toEqual(scenario.before.bytes);
    expect([stat.ino, stat.mtimeMs]).toEqual([scenario.before.ino, scenario.before.mtimeMs]);
    expect(readdirSync(dirname(path))).toEqual([editedSecretFile.split('/').pop()]);
  }

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s to o4g while the editor runs: the editor is stopped, the clear text removed, nothing written, o4g ends by that signal', async (signal) => {
    const scenario = startEdit('wait');
    const editorReport = await editorStarted(scenario);
    expect(existsSync(`${dirname(editorReport.file)}/.${editorReport.file.split('/').pop()}.swp`)).toBe(true);
    scenario.child.kill(signal);
    const result = await ended(scenario);
    expect(result.signal, result.output).toBe(signal);
    expectPrivateAndGone(scenario, editorReport);
    expectUntouched(scenario);
  });

  it('SIGKILL of the editor: o4g says nothing was written, and removes the clear text', async () => {
    const scenario = startEdit('wait');
    const editorReport = await editorStarted(scenario);
    process.kill(editorReport.pid, 'SIGKILL');
    const result = await ended(scenario);
    expect([result.code, result.output]).toEqual([1, expect.stringContaining('exited with SIGKILL: nothing written')]);
    expectPrivateAndGone(scenario, editorReport);
    expectUntouched(scenario);
  });

  it('SIGKILL of o4g, which nothing can catch: the next o4g command removes the clear text it left, and says so', async () => {
    const scenario = startEdit('wait');
    const editorReport = await editorStarted(scenario);
    scenario.child.kill('SIGKILL');
    expect((await ended(scenario)).signal).toBe('SIGKILL');
    process.kill(editorReport.pid, 'SIGKILL'); // the orphaned editor, which an operator would close
    for (let waited = 0; isRunning({ pid: editorReport.pid, host: hostname() }) && waited < 5000; waited += 50) await sleep(50);
    const scratch = dirname(editorReport.file);
    expect(readdirSync(scratch).sort()).toEqual([`.${editorReport.file.split('/').pop()}.swp`, editorReport.file.split('/').pop()]);
    const next = spawnSync(process.execPath, [join(repositoryRoot, 'tools/bin/o4g.mjs'), '--root', scenario.root, 'secrets'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: scenario.runtime, TMPDIR: scenario.temporary, XDG_RUNTIME_DIR: scenario.runtime },
    });
    expect(next.stderr).toContain(`o4g: removed ${scratch}, the clear text left by an \`o4g secrets edit\` that was killed`);
    expectPrivateAndGone(scenario, editorReport);
    expectUntouched(scenario);
  });

  it('quitting the editor without saving writes nothing: same bytes, same mtime', async () => {
    const scenario = startEdit('quit');
    const editorReport = await editorStarted(scenario);
    const result = await ended(scenario);
    expect([result.code, result.output]).toEqual([0, `${editedSecretFile}: not changed in the editor, nothing written\n`]);
    expectPrivateAndGone(scenario, editorReport);
    expectUntouched(scenario);
  });

  it('an editor that exits non-zero writes nothing, even what was typed in it', async () => {
    const scenario = startEdit('fail');
    const editorReport = await editorStarted(scenario);
    const result = await ended(scenario);
    expect([result.code, result.output]).toEqual([1, expect.stringContaining('exited with 3: nothing written')]);
    expectPrivateAndGone(scenario, editorReport);
    expectUntouched(scenario);
  });

  it('a saved change, by the same editor stand-in, is written (the scenarios above can see a write)', async () => {
    const scenario = startEdit('save');
    const editorReport = await editorStarted(scenario);
    const result = await ended(scenario);
    expect([result.code, result.output]).toEqual([0, `wrote ${editedSecretFile} (user, password)\n`]);
    expectPrivateAndGone(scenario, editorReport);
    const text = readFileSync(join(scenario.root, editedSecretFile), 'utf8');
    expect((await decryptSecret(text, [key.identity])).stringData).toEqual([
      ['user', 'web'],
      ['password', 'saved'],
    ]);
  });
});
