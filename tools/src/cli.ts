import { parseArgs } from 'node:util';
import { runBuild } from './commands/build.ts';
import { runCheck } from './commands/check.ts';
import { runDecisions } from './commands/decisions.ts';
import { runImages, runRender } from './commands/render.ts';
import { type Kubectl, RestoreUsageError, runRestore, systemKubectl } from './commands/restore.ts';
import { findRepositoryRoot } from './engine/repository.ts';
import { type Output, processOutput } from './output.ts';
import { loadWorkspace } from './workspace.ts';

const usage = `Usage: o4g <command> [options]

Commands:
  build [--component C]... [--env E]... [--clusters] [--strict]
                         render, validate and write bases, overlays and Flux Kustomizations
                         (--clusters: only clusters/<env>/kustomization.yaml and flux/kustomization.yaml)
  check                  exit 1 and list generated files that differ from a fresh render
  render <env> [component]
                         the final objects of an environment as multi-document YAML
  images [--env E]...    every deployed image reference as a JSON array
  decisions <env>        the decisions of an environment and which are open
  restore <mysql|xwiki> <env> --from <key|latest> [--apply]
                         the Job that restores the environment from a backup in its S3
                         (--apply: create it with kubectl; see docs/runbooks/restore-*.md)

Options:
  --root DIR             repository root (default: nearest directory with nx.json)
`;

/** Runs one o4g command; returns the process exit code. */
export async function main(argv: readonly string[], output: Output = processOutput, kubectl: Kubectl = systemKubectl): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        component: { type: 'string', multiple: true },
        env: { type: 'string', multiple: true },
        clusters: { type: 'boolean' },
        strict: { type: 'boolean' },
        root: { type: 'string' },
        from: { type: 'string' },
        apply: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    output.err(`o4g: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const [command, ...positionals] = parsed.positionals;
  const { values } = parsed;
  if (values.help || !command) {
    (values.help ? output.out : output.err)(usage);
    return values.help ? 0 : 2;
  }
  try {
    const workspace = loadWorkspace(values.root ?? findRepositoryRoot());
    switch (command) {
      case 'build':
        return runBuild(
          workspace,
          {
            ...(values.component ? { components: values.component } : {}),
            ...(values.env ? { environments: values.env } : {}),
            clusterAssemblyOnly: values.clusters ?? false,
            strict: values.strict ?? false,
          },
          output,
        );
      case 'check':
        return runCheck(workspace, output);
      case 'render':
        if (!positionals[0]) throw new UsageError('render needs an environment: o4g render <env> [component]');
        return runRender(workspace, positionals[0], positionals[1], output);
      case 'images':
        return runImages(workspace, values.env ?? [], output);
      case 'decisions':
        if (!positionals[0]) throw new UsageError('decisions needs an environment: o4g decisions <env>');
        return runDecisions(workspace, positionals[0], output);
      case 'restore':
        if (!positionals[0] || !positionals[1]) throw new UsageError('restore needs a kind and an environment: o4g restore <mysql|xwiki> <env> --from <key|latest>');
        return runRestore(workspace, positionals[0], positionals[1], { from: values.from, apply: values.apply ?? false }, output, kubectl);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof RestoreUsageError) {
      output.err(`o4g: ${error.message}\n\n${usage}`);
      return 2;
    }
    output.err(`o4g ${command}: ${(error as Error).message}\n`);
    return 1;
  }
}

class UsageError extends Error {}
