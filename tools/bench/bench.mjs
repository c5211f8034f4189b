// `npm run bench`: bundles bench.ts (it imports the engine's TypeScript) into tools/dist, where
// the repository's node_modules resolve, and runs it.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeBundleOptions } from '../bundle.mjs';

const outfile = fileURLToPath(new URL('../dist/bench.mjs', import.meta.url));
await build({ ...nodeBundleOptions, entryPoints: [fileURLToPath(new URL('bench.ts', import.meta.url))], outfile });
await import(pathToFileURL(outfile).href);
