import { type Environment, apiServerOfContextCommand, apiServerSetting } from '@open4goods/environments';
import type { Kubectl } from './kubectl.ts';

/** A kubectl context checked to reach the environment's cluster, and the API server it names. */
export interface ClusterContext {
  readonly name: string;
  readonly server: string;
  /** Why this context is taken, for the line a command prints before it acts. */
  readonly basis: string;
}

/** What `kubectl config view --minify -o json` prints: the one context, its cluster and user. */
interface MinifiedKubeconfig {
  readonly 'current-context'?: string;
  readonly clusters?: readonly { readonly cluster?: { readonly server?: string } }[];
}

/**
 * The context `requested` (`--context`), or else the current one, as kubeconfig resolves it
 * (KUBECONFIG, merged files), read by kubectl itself without reaching any cluster.
 */
function readContext(kubectl: Kubectl, requested: string | undefined): { readonly name: string; readonly server: string } | { readonly problem: string } {
  const result = kubectl(['config', 'view', '--minify', '-o', 'json', ...(requested === undefined ? [] : ['--context', requested])], '');
  if (result.status !== 0) {
    const said = result.stderr.trim() || 'no output';
    return { problem: requested === undefined ? `kubectl has no usable current context (${said})` : `kubectl has no usable context "${requested}" (${said})` };
  }
  let view: MinifiedKubeconfig;
  try {
    view = JSON.parse(result.stdout) as MinifiedKubeconfig;
  } catch {
    return { problem: `kubectl config view printed no kubeconfig (${result.stdout.trim().slice(0, 80) || 'nothing'})` };
  }
  const name = requested ?? view['current-context'] ?? '';
  const server = view.clusters?.[0]?.cluster?.server;
  if (!server) return { problem: `the kubectl context "${name}" names a cluster without a server` };
  return { name, server };
}

/**
 * Whether two API server URLs designate the same server: kubeconfig files may spell the host in
 * capitals, write the default port or a trailing slash, where `cluster.apiServer` does not.
 */
export function sameApiServer(left: string, right: string): boolean {
  const normalized = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}${parsed.pathname.replace(/\/+$/, '')}`;
    } catch {
      return undefined;
    }
  };
  const [a, b] = [normalized(left), normalized(right)];
  return a !== undefined && a === b;
}

/**
 * The kubectl context a command acting on `environment`'s cluster must use: `--context` if given,
 * else the current one, refused unless its server is the environment's `cluster.apiServer`. An
 * environment without one names no cluster to compare with, so only an explicit `--context` is
 * taken. Throws with the environment file, the field, the context found and the fix.
 */
export function checkedClusterContext(environment: Environment, requested: string | undefined, kubectl: Kubectl): ClusterContext {
  const field = `cluster.apiServer in ${environment.sourceFile}`;
  const expected = environment.cluster.apiServer;
  const found = readContext(kubectl, requested);
  if ('problem' in found) {
    throw new Error(
      `${found.problem}; nothing was sent to a cluster. Fix: give --context <name> of ${environment.name}'s context ` +
        `(kubectl config get-contexts lists them)${expected ? `, one whose server is ${expected} (${field})` : ''}.`,
    );
  }
  if (expected === undefined) {
    if (requested !== undefined) return { ...found, basis: `given by --context (${environment.name} names no API server to check it against: ${field} is unset)` };
    throw new Error(
      `${environment.name} names no API server (${field} is unset), so the current context "${found.name}" (server ${found.server}) cannot be checked ` +
        `to be ${environment.name}'s cluster; nothing was sent to a cluster. Fix: give --context <name> of ${environment.name}'s context, or set ` +
        `${apiServerSetting} in ${environment.sourceFile} to the server of ${environment.name}'s kubeconfig entry ` +
        `(${apiServerOfContextCommand('<name>')}), then run npx o4g build.`,
    );
  }
  if (!sameApiServer(found.server, expected)) {
    throw new Error(
      `${requested === undefined ? `the current context "${found.name}"` : `--context ${found.name}`} points at ${found.server}, but ${environment.name}'s cluster is ${expected} (${field}); ` +
        `nothing was sent to a cluster. Fix: give --context <name> of a context whose server is ${expected} ` +
        `(kubectl config get-contexts lists them; ${apiServerOfContextCommand('<name>')} shows a server), or, if ${environment.name}'s API server moved, ` +
        `change ${field}.`,
    );
  }
  return { ...found, basis: `its server is ${environment.name}'s ${field}` };
}

/**
 * kubectl pinned to one context: every call carries `--context`, so switching the current context
 * (another terminal, a script) while a command runs cannot send the rest of it elsewhere.
 */
export function kubectlInContext(kubectl: Kubectl, context: ClusterContext): Kubectl {
  return (args, input) => kubectl(['--context', context.name, ...args], input);
}
