import { spawnSync } from 'node:child_process';
import { toolchainCommand } from '@open4goods/kit';

/** The programs of the control plane and the toolchain module (`toolchain/<module>`) that builds each. */
export const controlPlanePrograms = {
  etcd: 'etcd',
  'kube-apiserver': 'kubernetes',
  'kube-controller-manager': 'kubernetes',
  'kube-scheduler': 'kubernetes',
  kwok: 'kwok',
} as const;

export type ControlPlaneProgram = keyof typeof controlPlanePrograms;

/** The command that runs each program: the build of toolchain/install (see packages/kit/src/toolchain.ts). */
export function controlPlaneCommands(): Record<ControlPlaneProgram, string> {
  return Object.fromEntries(Object.keys(controlPlanePrograms).map((program) => [program, toolchainCommand(program)])) as Record<ControlPlaneProgram, string>;
}

/** The programs that do not run here (not built, or not on PATH). */
export function missingControlPlanePrograms(): ControlPlaneProgram[] {
  const commands = controlPlaneCommands();
  return (Object.keys(commands) as ControlPlaneProgram[]).filter((program) => spawnSync(commands[program], ['--version'], { stdio: 'ignore' }).status !== 0);
}

/** The command that builds the missing programs. */
export function buildCommandFor(missing: readonly ControlPlaneProgram[]): string {
  return `toolchain/install ${[...new Set(missing.map((program) => controlPlanePrograms[program]))].join(' ')}`;
}

/**
 * Whether the end-to-end scenarios can run: under CI=true a missing program is an error (.ci/run
 * builds them all); elsewhere the scenarios skip, saying which command builds what is missing.
 */
export function controlPlaneAvailable(): boolean {
  const missing = missingControlPlanePrograms();
  if (missing.length === 0) return true;
  const message = `${missing.join(', ')} not built: run ${buildCommandFor(missing)}`;
  if (process.env.CI === 'true') throw new Error(`${message} (required under CI=true)`);
  console.warn(`${message}; skipping the end-to-end scenarios (they run in CI)`);
  return false;
}
