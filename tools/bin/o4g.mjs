#!/usr/bin/env node
// Launcher for the bundled CLI (tools/dist/o4g.mjs). The bundle contains every component, so it
// is rebuilt first whenever a TypeScript source is newer than it: `o4g build` must render what
// the sources say, not what they said at the last `npm ci`.
import './require-node.mjs'; // first: on an old Node, stop here with the fix
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const bundle = join(repositoryRoot, 'tools/dist/o4g.mjs');
const usageBundle = join(repositoryRoot, 'tools/dist/o4g-usage.mjs');

function newestSourceTime(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsStale() {
  if (!existsSync(bundle) || !existsSync(usageBundle)) return true;
  const bundleTime = statSync(bundle).mtimeMs;
  const sourceDirectories = [join(repositoryRoot, 'tools/src'), ...readdirSync(join(repositoryRoot, 'packages')).map((name) => join(repositoryRoot, 'packages', name, 'src'))];
  return sourceDirectories.some((directory) => existsSync(directory) && newestSourceTime(directory) > bundleTime);
}

if (bundleIsStale()) {
  const { bundleCli } = await import(pathToFileURL(join(repositoryRoot, 'tools/bundle.mjs')).href);
  await bundleCli();
}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  // Help needs none of the engine: print it from the usage bundle (what `main` prints too).
  const { usage } = await import(pathToFileURL(usageBundle).href);
  process.stdout.write(usage);
} else {
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(args);
}
