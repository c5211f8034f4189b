import { defineConfig } from 'vitest/config';

// `npm test` runs every package's suite; each package also runs alone with its own config.
export default defineConfig({
  test: {
    projects: ['packages/*', 'tools'],
  },
});
