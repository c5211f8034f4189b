import './bin/require-node.mjs'; // first: on an old Node, stop here with the fix
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `npm run e2e`: the scenarios against a real control plane (src/e2e), one file at a time (each
// starts its own control plane; the machine has two cores), in child processes so that a
// scenario's signal handlers are its own.
export default defineConfig({
  root: here('.'),
  test: {
    name: 'e2e',
    include: ['src/e2e/**/*.e2e.ts'],
    setupFiles: ['src/testing/chart-mirror.setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    // Limits, not verdicts: a control plane starts in about half a minute, a scenario applies and
    // waits for a whole environment.
    testTimeout: 600_000,
    hookTimeout: 180_000,
    reporters: ['default', here('./src/e2e/scenario-reporter.ts')],
  },
});
