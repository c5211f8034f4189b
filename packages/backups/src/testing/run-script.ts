import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptFile } from '../scripts.ts';

/** The scripts as the ConfigMap carries them: the files of packages/backups/scripts. */
export const scriptsPath = fileURLToPath(new URL('../../scripts/', import.meta.url));

export interface ScriptResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program without blocking the event loop: the S3 and HTTP servers the scripts talk to
 * run in this very process, and a synchronous spawn would starve them.
 */
function run(command: string, args: readonly string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Only what a script is given: the test process's environment (proxies, CA bundles…) stays out. */
const baseEnvironment = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

/** Runs a bash script (the mysql and xwiki images' shell) with exactly these variables. */
export function runBashScript(file: ScriptFile, variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return run('bash', [join(scriptsPath, file)], { ...baseEnvironment, ...variables });
}

// The commands the S3 scripts use, all busybox applets in the rclone image.
const busyboxApplets = ['sh', 'awk', 'basename', 'cat', 'cut', 'date', 'dirname', 'grep', 'head', 'ls', 'mv', 'printf', 'rm', 'sed', 'sha256sum', 'sort', 'tail', 'tr', 'wc'];
let imageLikePath: string | undefined;

/**
 * A PATH like the rclone image's: busybox applets and rclone, nothing else, so a script that
 * leans on a GNU option or a missing command fails here as it would in the cluster.
 */
function rcloneImagePath(): string {
  if (imageLikePath) return imageLikePath;
  const directory = mkdtempSync(join(tmpdir(), 'backups-busybox-'));
  const busybox = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).stdout.trim();
  const rclone = spawnSync('sh', ['-c', 'command -v rclone'], { encoding: 'utf8' }).stdout.trim();
  for (const applet of busyboxApplets) symlinkSync(busybox, join(directory, applet));
  symlinkSync(rclone, join(directory, 'rclone'));
  imageLikePath = directory;
  return directory;
}

/** Removes the image-like PATH directory; suites call it when they are done. */
export function removeRcloneImagePath(): void {
  if (imageLikePath) rmSync(imageLikePath, { recursive: true, force: true });
  imageLikePath = undefined;
}

/** Runs an S3 script with busybox sh and the rclone image's commands, with exactly these variables. */
export function runBusyboxScript(file: ScriptFile, variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  const path = rcloneImagePath();
  return run(join(path, 'sh'), [join(scriptsPath, file)], { PATH: path, ...variables });
}

/** rclone itself, with the same variables (to seed or inspect the bucket as another client would). */
export function runRclone(args: readonly string[], variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return run(join(rcloneImagePath(), 'rclone'), args, { PATH: rcloneImagePath(), ...variables });
}
