import { spawnSync } from 'node:child_process';

/**
 * Whether shellcheck can run here. Suites that need it skip with a message when it is missing;
 * under CI=true a missing shellcheck is a failure, not a skip (.ci/run installs it).
 */
export function shellcheckAvailable(): boolean {
  const available = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!available && process.env.CI === 'true') {
    throw new Error('shellcheck is required under CI=true (install it in .ci/run): the shell scripts of the workflows cannot be checked');
  }
  if (!available) console.warn('shellcheck not found: skipping the shell script checks (they run in CI)');
  return available;
}

/** shellcheck's findings for a bash script given as text (empty when it is clean). */
export function shellcheckBash(script: string): string {
  const result = spawnSync('shellcheck', ['--shell=bash', '--format=gcc', '-'], { input: script, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`shellcheck failed to run:\n${result.stderr}`);
  return result.stdout.trim();
}
