import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Child-process and Prometheus tests bind loopback ports; two cores here, keep parallelism modest.
    maxWorkers: 2,
  },
});
