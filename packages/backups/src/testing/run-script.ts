import { BusyboxImagePath, type ProgramResult, minimalScriptEnvironment, runProgram } from '@open4goods/kit/testing';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScriptFile } from '../scripts.ts';

/** The scripts as the ConfigMap carries them: the files of packages/backups/scripts. */
export const scriptsPath = fileURLToPath(new URL('../../scripts/', import.meta.url));

export type ScriptResult = ProgramResult;

/** Runs a bash script (the mysql and xwiki images' shell) with exactly these variables. */
export function runBashScript(file: ScriptFile, variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return runProgram('bash', [join(scriptsPath, file)], { ...minimalScriptEnvironment, ...variables });
}

// The commands the S3 scripts use, all busybox applets in the rclone image.
const rcloneImageApplets = ['sh', 'awk', 'basename', 'cat', 'cut', 'date', 'dirname', 'grep', 'head', 'ls', 'mv', 'printf', 'rm', 'sed', 'sha256sum', 'sort', 'tail', 'tr', 'wc'] as const;
let rcloneImage: BusyboxImagePath | undefined;

/**
 * A PATH like the rclone image's: busybox applets and rclone, nothing else, so a script that
 * leans on a GNU option or a missing command fails here as it would in the cluster.
 */
function rcloneImagePath(): BusyboxImagePath {
  rcloneImage ??= BusyboxImagePath.create(rcloneImageApplets, ['rclone']);
  return rcloneImage;
}

/** Removes the image-like PATH directory; suites call it when they are done. */
export function removeRcloneImagePath(): void {
  rcloneImage?.remove();
  rcloneImage = undefined;
}

/** Runs an S3 script with busybox sh and the rclone image's commands, with exactly these variables. */
export function runBusyboxScript(file: ScriptFile, variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return runWithRcloneImage(join(scriptsPath, file), variables);
}

/** Runs any shell script (a runbook's commands) the same way, from its path. */
export function runWithRcloneImage(path: string, variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return rcloneImagePath().runScript(path, variables);
}

/** rclone itself, with the same variables (to seed or inspect the bucket as another client would). */
export function runRclone(args: readonly string[], variables: Readonly<Record<string, string>>): Promise<ScriptResult> {
  return rcloneImagePath().runProgram('rclone', args, variables);
}
