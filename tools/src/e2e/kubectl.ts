import { spawn } from 'node:child_process';

export interface KubectlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * kubectl (the machine's) against the control plane, without blocking the event loop (the run's
 * signal handlers and timers must keep running); `input` is written to its standard input.
 */
export function kubectl(kubeconfig: string, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
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
