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
  // Everything is bundled in, third-party packages too: resolving and loading the ~700 modules of
  // kubernetes-models (one schema validator per kind) one by one was most of every command's
  // start-up. re2-wasm stays external: it reads its .wasm file next to its own module.
  external: ['re2-wasm'],
  // CommonJS dependencies (Ajv's formats) call require() at run time: give the ES module one.
  banner: { js: "import { createRequire as __o4gCreateRequire } from 'node:module';\nconst require = __o4gCreateRequire(import.meta.url);" },
  // Node's own punycode module is deprecated and warns outside node_modules; the package of the
  // same name (punycode/ in node_modules, the same API) does not.
  alias: { punycode: 'punycode/' },
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * Every command runs the bundle, so it is replaced in one step (temporary file, fsync, rename):
 * a bundler killed at any moment leaves the previous bundle, never a truncated one.
 */
export async function bundleCli() {
  mkdirSync(`${toolsDirectory}dist`, { recursive: true });
  // The usage text on its own, so `o4g --help` loads a few kilobytes instead of the whole engine.
  for (const [entry, name] of [
    ['usage.ts', 'o4g-usage.mjs'],
    ['cli.ts', 'o4g.mjs'],
  ]) {
    const outfile = `${toolsDirectory}dist/${name}`;
    const result = await build({ ...nodeBundleOptions, entryPoints: [`${toolsDirectory}src/${entry}`], outfile, write: false });
    writeFileAtomically(outfile, result.outputFiles.find((file) => file.path === outfile).contents);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await bundleCli();
