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

/**
 * The programs of `programs` (program → its toolchain module) that do not run here (not built, or
 * not on PATH): those that do not answer `probe` with exit code 0 (the Flux controllers have no
 * --version, only --help).
 */
export function missingPrograms<Program extends string>(programs: Readonly<Record<Program, string>>, probe: readonly string[] = ['--version']): Program[] {
  return (Object.keys(programs) as Program[]).filter((program) => spawnSync(toolchainCommand(program), [...probe], { stdio: 'ignore' }).status !== 0);
}

/** The command that builds the missing programs. */
export function buildCommandFor<Program extends string>(missing: readonly Program[], programs: Readonly<Record<Program, string>>): string {
  return `toolchain/install ${[...new Set(missing.map((program) => programs[program]))].join(' ')}`;
}

/**
 * Whether the programs a scenario needs run here: under CI=true a missing program is an error
 * (.ci/run builds them all); elsewhere the scenarios skip, saying which command builds what is missing.
 */
export function programsAvailable<Program extends string>(programs: Readonly<Record<Program, string>>, probe?: readonly string[]): boolean {
  const missing = missingPrograms(programs, probe);
  if (missing.length === 0) return true;
  const message = `${missing.join(', ')} not built: run ${buildCommandFor(missing, programs)}`;
  if (process.env.CI === 'true') throw new Error(`${message} (required under CI=true)`);
  console.warn(`${message}; skipping the end-to-end scenarios that need them (they run in CI)`);
  return false;
}

/** Whether the control plane's programs run here (see programsAvailable). */
export function controlPlaneAvailable(): boolean {
  return programsAvailable(controlPlanePrograms);
}
