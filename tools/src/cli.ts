import { parseArgs } from 'node:util';
import { runBuild } from './commands/build.ts';
import { runCheck } from './commands/check.ts';
import { runDecisions } from './commands/decisions.ts';
import { runNetpol } from './commands/netpol.ts';
import { runPss } from './commands/pss.ts';
import { runImages, runRender } from './commands/render.ts';
import { runSecrets } from './commands/secrets.ts';
import { runSmoke } from './commands/smoke.ts';
import { runStatus } from './commands/status.ts';
import { type Kubectl, systemKubectl } from './commands/kubectl.ts';
import { RestoreUsageError, runRestore } from './commands/restore.ts';
import { findRepositoryRoot } from './engine/repository.ts';
import { type Output, processOutput } from './output.ts';
import { usage } from './usage.ts';
import { loadWorkspace } from './workspace.ts';


/** Every option of the CLI (parseArgs configuration). */
export const cliOptions = {
  component: { type: 'string', multiple: true },
  env: { type: 'string', multiple: true },
  clusters: { type: 'boolean' },
  strict: { type: 'boolean' },
  'without-charts': { type: 'boolean' },
  level: { type: 'string' },
  root: { type: 'string' },
  from: { type: 'string' },
  apply: { type: 'boolean' },
  run: { type: 'boolean' },
  context: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof cliOptions;
const globalOptions: readonly OptionName[] = ['root', 'help'];

/** The commands and the options each takes besides --root and --help; any other is refused. */
export const commandOptions: Readonly<Record<string, readonly OptionName[]>> = {
  build: ['component', 'env', 'clusters', 'strict'],
  check: [],
  render: [],
  images: ['env', 'without-charts'],
  decisions: [],
  status: [],
  netpol: [],
  pss: ['level'],
  secrets: [],
  restore: ['from', 'apply', 'context'],
  smoke: ['run', 'context'],
};

/** Runs one o4g command; returns the process exit code. */
export async function main(argv: readonly string[], output: Output = processOutput, kubectl: Kubectl = systemKubectl): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: cliOptions });
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
    const allowed = commandOptions[command];
    if (!allowed) throw new UsageError(`unknown command "${command}"`);
    const refused = (Object.keys(values) as OptionName[]).filter((name) => !allowed.includes(name) && !globalOptions.includes(name));
    if (refused.length > 0) throw new UsageError(`${command} takes no ${refused.map((name) => `--${name}`).join(', ')}`);
    const workspace = loadWorkspace(values.root ?? findRepositoryRoot());
    switch (command) {
      case 'build':
        return await runBuild(
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
        return runImages(workspace, values.env ?? [], output, { withCharts: !values['without-charts'] });
      case 'decisions':
        if (!positionals[0]) throw new UsageError('decisions needs an environment: o4g decisions <env>');
        return runDecisions(workspace, positionals[0], output);
      case 'status':
        if (!positionals[0]) throw new UsageError('status needs an environment: o4g status <env>');
        return runStatus(workspace, positionals[0], output);
      case 'netpol':
        if (!positionals[0]) throw new UsageError('netpol needs an environment: o4g netpol <env>');
        return runNetpol(workspace, positionals[0], output);
      case 'pss':
        return runPss(values.level, positionals, output);
      case 'secrets':
        return await runSecrets(workspace, positionals, output);
      case 'restore':
        if (!positionals[0] || !positionals[1]) throw new UsageError('restore needs a kind and an environment: o4g restore <mysql|xwiki> <env> --from <key|latest>');
        if (values.context !== undefined && !values.apply) throw new UsageError('restore --context chooses the cluster of --apply; without --apply nothing reaches a cluster');
        return runRestore(workspace, positionals[0], positionals[1], { from: values.from, apply: values.apply ?? false, context: values.context }, output, kubectl);
      case 'smoke':
        if (!positionals[0]) throw new UsageError('smoke needs an environment: o4g smoke <env> [--run]');
        if (values.context !== undefined && !values.run) throw new UsageError('smoke --context chooses the cluster of --run; without --run nothing reaches a cluster');
        return await runSmoke(workspace, positionals[0], { run: values.run ?? false, context: values.context }, output, kubectl);
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
