import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'netpol',
    include: ['src/**/*.test.ts'],
  },
});
