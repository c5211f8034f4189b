import { pathToFileURL } from 'node:url';
import { runBuild } from '../commands/build.ts';
import { runCheck } from '../commands/check.ts';
import { processOutput } from '../output.ts';
import type { Workspace } from '../workspace.ts';
import { configMapFixture, defaultsFixture, fixtureComponent, fixtureEnvironment } from './fixtures.ts';

// `o4g build|check` as a process of its own on a fixture workspace whose every generated file
// changes with `generation`, for the tests that kill builds: <root> <generation> build|check [units]

const componentCount = 6;

/** 2 environments x 6 components x `unitsPerComponent` units, each a ConfigMap of ~16 KiB that names the generation: with 10 units, 120 files that all change between two generations. */
export function manyFilesWorkspace(root: string, generation: number, unitsPerComponent = 10): Workspace {
  const components = Array.from({ length: componentCount }, (_, component) =>
    fixtureComponent({
      name: `part-${component}`,
      units: Array.from({ length: unitsPerComponent }, (_, unit) => ({
        name: `unit-${unit}`,
        render: (environment) => [configMapFixture(environment, `part-${component}-unit-${unit}`, { generation: String(generation), payload: `${generation}:`.repeat(4096) })],
      })),
    }),
  );
  return { root, defaults: defaultsFixture(), environments: [fixtureEnvironment('alpha'), fixtureEnvironment('beta')], components };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root, generation, action, units] = process.argv.slice(2);
  const workspace = manyFilesWorkspace(root!, Number(generation), units ? Number(units) : undefined);
  try {
    process.exitCode = action === 'check' ? runCheck(workspace, processOutput) : await runBuild(workspace, { lockWaitMs: Number(process.env.O4G_LOCK_WAIT_MS ?? 600_000) }, processOutput);
  } catch (error) {
    process.stderr.write(`o4g ${action}: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
