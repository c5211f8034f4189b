import { type SpawnSyncReturns, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { toolchainCommand } from '@open4goods/kit';
import { externalToolAvailable } from '@open4goods/kit/testing';

/** The real sops, built from its pinned Go module by toolchain/install (else whatever PATH has). */
export const sopsCommand = toolchainCommand('sops');

/** Whether the real sops runs here; skips locally without it, fails under CI=true. */
export function sopsAvailable(): boolean {
  return externalToolAvailable(sopsCommand, ['--version', '--disable-version-check'], 'the tests that run the real sops on the files o4g writes');
}

/** Whether age-keygen (Debian package age) runs here, to make keys the way operators do. */
export function ageKeygenAvailable(): boolean {
  return externalToolAvailable('age-keygen', ['--version'], 'the tests that make age keys with age-keygen for sops');
}

export interface AgeKeyFile {
  /** A keys file as `age-keygen -o` writes it, what SOPS_AGE_KEY_FILE points at. */
  readonly file: string;
  readonly recipient: string;
  /** The `AGE-SECRET-KEY-1…` line of that file. */
  readonly identity: string;
}

/** A new age key made by age-keygen, in a private temporary directory. */
export function ageKeygen(): AgeKeyFile {
  const file = join(mkdtempSync(join(tmpdir(), 'o4g-agekey-')), 'keys.txt');
  execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' });
  const identity = readFileSync(file, 'utf8').split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-'))!;
  return { file, identity, recipient: execFileSync('age-keygen', ['-y', file], { encoding: 'utf8' }).trim() };
}

/**
 * Runs sops in `cwd` (where its `.sops.yaml` is found) with only the variables given: no key of
 * the machine's user is used by accident, and no update check reaches the network.
 */
export function runSops(cwd: string, args: readonly string[], variables: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return withSopsEnvironment(variables, (env) => spawnSync(sopsCommand, [...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env }));
}

/** Runs a command line as a runbook gives it (`sops …` with a glob), by sh in `cwd`, `sops` being the real one. */
export function runSopsCommandLine(cwd: string, line: string, variables: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const path = sopsCommand.includes('/') ? `${dirname(resolve(sopsCommand))}:${process.env.PATH}` : process.env.PATH;
  return withSopsEnvironment({ ...variables, PATH: path }, (env) => spawnSync('sh', ['-c', line], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env }));
}

function withSopsEnvironment<T>(variables: NodeJS.ProcessEnv, run: (env: NodeJS.ProcessEnv) => T): T {
  const home = mkdtempSync(join(tmpdir(), 'o4g-sops-home-'));
  try {
    return run({ PATH: process.env.PATH, HOME: home, SOPS_DISABLE_VERSION_CHECK: 'true', ...variables });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** An EDITOR for `sops edit` that runs `sed` expressions on the file it is given. */
export function sedEditor(...expressions: string[]): string {
  const script = join(mkdtempSync(join(tmpdir(), 'o4g-editor-')), 'edit.sh');
  writeFileSync(script, `#!/bin/sh\nexec sed -i ${expressions.map((expression) => `-e '${expression.replaceAll("'", "'\\''")}'`).join(' ')} "$1"\n`, { mode: 0o755 });
  return script;
}
