/**
 * The command that prints the API server of a kubectl context, as `cluster.apiServer` wants it:
 * what the runbooks and the cluster-context errors tell an operator to run.
 */
export function apiServerOfContextCommand(context: string): string {
  return `kubectl config view --minify --context ${context} -o jsonpath='{.clusters[0].cluster.server}'`;
}

/** How `cluster.apiServer` is written in an environment file, for the messages asking for it. */
export const apiServerSetting = "cluster: { apiServer: 'https://<host>:<port>' }";
