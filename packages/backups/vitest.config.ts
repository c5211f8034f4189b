import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'backups',
    include: ['src/**/*.test.ts'],
  },
});
