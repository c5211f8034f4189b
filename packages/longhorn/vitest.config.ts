import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'longhorn',
    include: ['src/**/*.test.ts'],
  },
});
