import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'ingress',
    include: ['src/**/*.test.ts'],
  },
});
