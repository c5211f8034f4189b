import './tools/bin/require-node.mjs'; // first: on an old Node, stop here with the fix
import { defineConfig } from 'vitest/config';

// `npm test` runs every package's suite; each package also runs alone with its own config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools'],
    globalSetup: ['./vitest.temporary-directory.ts'],
  },
});
