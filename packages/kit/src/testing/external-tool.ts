import { spawnSync } from 'node:child_process';

/**
 * Whether an external program a test suite needs (kubectl, shellcheck…) runs here. Suites skip
 * with a message when it is missing; under CI=true a missing program is a failure, not a skip,
 * so CI can never pass by testing less.
 */
export function externalToolAvailable(command: string, versionArguments: readonly string[], purpose: string): boolean {
  const available = spawnSync(command, [...versionArguments], { encoding: 'utf8' }).status === 0;
  if (!available && process.env.CI === 'true') {
    throw new Error(`${command} is required under CI=true (install it in .ci/run): ${purpose} cannot run`);
  }
  if (!available) console.warn(`${command} not found: skipping ${purpose} (they run in CI)`);
  return available;
}
