import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'external-secrets',
    include: ['src/**/*.test.ts'],
  },
});
