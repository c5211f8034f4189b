import { type ProgramResult, runProgram } from '@open4goods/kit/testing';

/**
 * kubectl (the machine's) against the control plane, without blocking the event loop (the run's
 * signal handlers and timers must keep running); `input` is written to its standard input.
 */
export function kubectl(kubeconfig: string, args: readonly string[], input?: string): Promise<ProgramResult> {
  return runProgram('kubectl', ['--kubeconfig', kubeconfig, ...args], process.env, input);
}

/** kubectl that must succeed: its output, or an error with the command and what kubectl said. */
export async function kubectlOk(kubeconfig: string, args: readonly string[], input?: string): Promise<string> {
  const result = await kubectl(kubeconfig, args, input);
  if (result.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.status}):\n${result.stderr.trim()}`);
  return result.stdout;
}

/** `kubectl get -o json` of a list: its items. */
export async function kubectlItems<T = Record<string, unknown>>(kubeconfig: string, args: readonly string[]): Promise<T[]> {
  return (JSON.parse(await kubectlOk(kubeconfig, ['get', ...args, '-o', 'json'])) as { items: T[] }).items;
}
