import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'cert-manager',
    include: ['src/**/*.test.ts'],
  },
});
