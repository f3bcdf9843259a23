import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scenarios/**/*.test.ts'],
    globalSetup: ['test/postgres-server.ts'],
    setupFiles: ['test/property-seed.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One worker (Vitest's default on 2 cores). Three cut the suite to 0.78 of its time, but in one run
    // of five the HiGHS overrun test (bound-thread.test.ts) then saw no solve overrun to stop.
  },
});
