import { spawnSync } from 'node:child_process';

/** Runs kubectl with a manifest on its standard input; injected so tests need no cluster. */
export type Kubectl = (args: readonly string[], input: string) => { status: number | null; stdout: string; stderr: string };

export const systemKubectl: Kubectl = (args, input) => {
  const result = spawnSync('kubectl', [...args], { input, encoding: 'utf8' });
  if (result.error) return { status: null, stdout: '', stderr: `kubectl could not be run: ${result.error.message}\n` };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};
