import './bin/require-node.mjs'; // first: on an old Node, stop here with the fix
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'tools',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/testing/chart-mirror.setup.ts'],
  },
});
