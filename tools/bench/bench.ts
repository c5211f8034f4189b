/**
 * Prints how long the engine takes: a cold full build into an empty repository, the render time
 * per component, and how build time grows with 10 and 100 synthetic environments. Figures
 * only: nothing here asserts a timing.
 */
import { type Environment, defineEnvironment, loadDefaults, loadDeployedEnvironments } from '@open4goods/environments';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allComponents } from '../src/components.ts';
import { planBuild } from '../src/engine/plan.ts';
import { platformViewOf, renderEnvironment } from '../src/engine/render.ts';
import { writePlan } from '../src/engine/tree.ts';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

function milliseconds(start: number): string {
  return `${(performance.now() - start).toFixed(1)} ms`;
}

function emptyRepository(): string {
  const root = mkdtempSync(join(tmpdir(), 'o4g-bench-repo-'));
  writeFileSync(join(root, 'nx.json'), '{}\n');
  return root;
}

function buildInto(root: string, environments: readonly Environment[]) {
  const plan = planBuild({ defaults: loadDefaults(), environments, components: allComponents, pathExists: () => false });
  const result = writePlan(root, plan);
  const objects = plan.renders.reduce((count, render) => count + render.units.reduce((sum, unit) => sum + unit.objects.length, 0), 0);
  return { files: result.written.length, objects };
}

/** Synthetic environments: the defaults under other names, with varied sizes. */
function syntheticEnvironments(count: number): Environment[] {
  return Array.from({ length: count }, (_, index) =>
    defineEnvironment(`synthetic-${index}`, `bench/synthetic-${index}.ts`, {
      mysql: { storageSize: `${20 + index}Gi`, maxConnections: 100 + index },
    }),
  );
}

console.log(`o4g benchmark: ${allComponents.length} component(s), node ${process.version}\n`);

// 1. Cold full build of the real environments, in process (module loading excluded) and as the CLI.
{
  const root = emptyRepository();
  const start = performance.now();
  const { files, objects } = buildInto(root, loadDeployedEnvironments());
  console.log(`cold full build (in process): ${milliseconds(start)}, ${files} files written, ${objects} objects rendered`);
  rmSync(root, { recursive: true, force: true });

  const cliRoot = emptyRepository();
  const cliStart = performance.now();
  const cli = spawnSync(process.execPath, [join(repositoryRoot, 'tools/bin/o4g.mjs'), 'build', '--root', cliRoot], { encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`o4g build failed: ${cli.stderr}`);
  console.log(`cold full build (o4g CLI process, node start included): ${milliseconds(cliStart)}`);
  rmSync(cliRoot, { recursive: true, force: true });

  // Start-up where an operator waits for nothing but text: help, and a command that loads the engine.
  for (const args of [['--help'], ['decisions', 'prod']]) {
    const samples = Array.from({ length: 5 }, () => {
      const start = performance.now();
      const run = spawnSync(process.execPath, [join(repositoryRoot, 'tools/bin/o4g.mjs'), ...args], { encoding: 'utf8', cwd: repositoryRoot });
      if (run.status !== 0) throw new Error(`o4g ${args.join(' ')} failed: ${run.stderr}`);
      return performance.now() - start;
    }).sort((a, b) => a - b);
    console.log(`o4g ${args.join(' ')} (process, median of 5): ${samples[2]!.toFixed(0)} ms`);
  }
}

// 2. Render time per component, both real environments plus the base: its units' render functions
// alone (units that read the platform get the platform view of a full render, made beforehand).
{
  console.log('\nrender time per component (defaults + prod + staging, 20 runs each, median):');
  const environments = [loadDefaults(), ...loadDeployedEnvironments()].map((environment) => {
    const rendered = renderEnvironment(environment, allComponents, { readRepositoryFile: () => undefined });
    return { environment, platform: platformViewOf(environment, rendered.units, allComponents) };
  });
  for (const component of allComponents) {
    const samples: number[] = [];
    for (let run = 0; run < 20; run++) {
      const start = performance.now();
      for (const { environment, platform } of environments) for (const unit of component.units) unit.render(environment, platform);
      samples.push(performance.now() - start);
    }
    samples.sort((left, right) => left - right);
    console.log(`  ${component.name.padEnd(16)} ${samples[10]!.toFixed(2)} ms`);
  }
}

// 3. Growth with the number of environments (generated fixtures, written to a temporary directory).
{
  console.log('\nfull build vs number of environments (render + self-check + write):');
  for (const count of [2, 10, 100]) {
    // prod and staging are always there (the generated runbooks read prod), the rest is synthetic.
    const deployed = loadDeployedEnvironments();
    const environments = [...deployed, ...syntheticEnvironments(count - deployed.length)];
    const root = emptyRepository();
    const start = performance.now();
    const { files, objects } = buildInto(root, environments);
    const elapsed = performance.now() - start;
    console.log(`  ${String(count).padStart(3)} environments: ${elapsed.toFixed(1).padStart(8)} ms, ${String(files).padStart(5)} files, ${String(objects).padStart(5)} objects, ${(elapsed / count).toFixed(2)} ms per environment`);
    rmSync(root, { recursive: true, force: true });
  }
}

// 4. Nx caching: a second full `nx run-many -t build` should be all cache hits.
{
  console.log('\nnx run-many -t build, twice:');
  for (const attempt of ['first', 'second']) {
    const start = performance.now();
    const nx = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const cache = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(nx.stdout);
    const summary = cache ? `${cache[1]}/${cache[2]} tasks from cache` : nx.status === 0 ? 'no task from cache' : `failed: ${nx.stderr.slice(-300)}`;
    console.log(`  ${attempt}: ${milliseconds(start)}, ${summary}`);
  }
}
