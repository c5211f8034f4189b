// Bundles the o4g CLI (engine + every component package) into tools/dist/o4g.mjs.
// Run directly (`node tools/bundle.mjs`, the root `prepare` script and the Nx `bundle` target) or
// imported by tools/bin/o4g.mjs when the bundle is older than the sources.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from './src/engine/atomic-file.ts';

const toolsDirectory = fileURLToPath(new URL('.', import.meta.url));

/** esbuild options shared by the CLI and the benchmark bundles. */
export const nodeBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Third-party packages stay external (they are dependencies of tools); the workspace packages
  // (@open4goods/*) ship TypeScript sources and are bundled in.
  external: ['yaml', 'fast-json-patch', 'kubernetes-models', '@kubernetes-models/*'],
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Every command runs the bundle, so it is replaced in one step (temporary file, fsync, rename):
 * a bundler killed at any moment leaves the previous bundle, never a truncated one.
 */
export async function bundleCli() {
  const outfile = `${toolsDirectory}dist/o4g.mjs`;
  const result = await build({ ...nodeBundleOptions, entryPoints: [`${toolsDirectory}src/cli.ts`], outfile, write: false });
  mkdirSync(`${toolsDirectory}dist`, { recursive: true });
  writeFileAtomically(outfile, result.outputFiles.find((file) => file.path === outfile).contents);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
