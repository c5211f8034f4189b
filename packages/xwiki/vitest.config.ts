import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'xwiki',
    include: ['src/**/*.test.ts'],
  },
});
