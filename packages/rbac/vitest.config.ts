import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'rbac',
    include: ['src/**/*.test.ts'],
  },
});
