import './bin/require-node.mjs'; // first: on an old Node, stop here with the fix
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tools',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/chart-mirror.setup.ts'],
    // Many tests run the CLI, whose every render now includes Helm's render of each chart: on a
    // loaded 2-core machine one such run can take longer than vitest's 5 s default. A limit, not a verdict.
    testTimeout: 60_000,
  },
});
