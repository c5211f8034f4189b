import '../../tools/bin/require-node.mjs'; // first: on an old Node, stop here with the fix
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cert-manager',
    include: ['src/**/*.test.ts'],
  },
});
