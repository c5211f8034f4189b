import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'external-dns',
    include: ['src/**/*.test.ts'],
  },
});
