import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProgramResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program with exactly these variables, without blocking the event loop: the S3, HTTP and
 * DNS servers the scripts under test talk to run in the test process itself, and a synchronous
 * spawn would starve them. `input`, when given, is its standard input.
 */
export function runProgram(command: string, args: readonly string[], env: Readonly<Record<string, string | undefined>>, input?: string): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: { ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin?.end(input);
  });
}

/** Only what a script is given besides its own variables: the test process's environment (proxies, CA bundles…) stays out. */
export const minimalScriptEnvironment = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' } as const;

function locate(program: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).stdout.trim();
  if (!found) throw new Error(`${program} is not installed (see debian_packages in .ci/run)`);
  return found;
}

/**
 * A directory to use as PATH that holds what a busybox-based image has and nothing else: the
 * busybox applets a script uses, and the image's own programs (rclone, curl) taken from this
 * machine. A script that leans on a GNU option or a missing command fails here as it would in
 * the cluster. Call remove() when the suite is done.
 */
export class BusyboxImagePath {
  private constructor(readonly directory: string) {}

  static create(applets: readonly string[], programs: readonly string[]): BusyboxImagePath {
    const directory = mkdtempSync(join(tmpdir(), 'busybox-image-'));
    const busybox = locate('busybox');
    for (const applet of applets) symlinkSync(busybox, join(directory, applet));
    for (const program of programs) symlinkSync(locate(program), join(directory, program));
    return new BusyboxImagePath(directory);
  }

  /** Runs a script with the image's `sh` and exactly these variables (PATH is the image-like directory). */
  runScript(script: string, variables: Readonly<Record<string, string>>): Promise<ProgramResult> {
    return runProgram(join(this.directory, 'sh'), [script], { PATH: this.directory, ...variables });
  }

  /** Runs one of the image's programs with the same variables. */
  runProgram(program: string, args: readonly string[], variables: Readonly<Record<string, string>>): Promise<ProgramResult> {
    return runProgram(join(this.directory, program), args, { PATH: this.directory, ...variables });
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}
