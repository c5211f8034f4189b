import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'environments',
    include: ['src/**/*.test.ts'],
  },
});
