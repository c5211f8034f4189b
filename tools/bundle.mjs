// Bundles the o4g CLI (engine + every component package) into tools/dist/o4g.mjs.
// Run directly (`node tools/bundle.mjs`, the root `prepare` script and the Nx `bundle` target) or
// imported by tools/bin/o4g.mjs when the bundle is older than the sources.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

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

export async function bundleCli() {
  await build({ ...nodeBundleOptions, entryPoints: [`${toolsDirectory}src/cli.ts`], outfile: `${toolsDirectory}dist/o4g.mjs` });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
