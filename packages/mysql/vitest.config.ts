import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'mysql',
    include: ['src/**/*.test.ts'],
  },
});
