import { programsAvailable } from './binaries.ts';
import { type FluxController, fluxControllers } from './flux-release.ts';

/** The programs the Flux scenarios run beside the control plane, and the toolchain module building each. */
export const fluxPrograms: Readonly<Record<FluxController | 'registry', string>> = {
  ...(Object.fromEntries(fluxControllers.map((controller) => [controller, `flux-${controller}`])) as Record<FluxController, string>),
  registry: 'registry',
};

/** Whether the Flux controllers and the OCI registry are built (see programsAvailable). */
export function fluxProgramsAvailable(): boolean {
  return programsAvailable(fluxPrograms, ['--help']);
}
