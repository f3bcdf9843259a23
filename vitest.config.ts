import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scenarios/**/*.test.ts'],
    globalSetup: ['test/postgres-server.ts'],
    setupFiles: ['test/property-seed.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // A ceiling for a test that hangs, not a judge of speed: the browser tests' longest take 30 s on
    // this machine alone and twice that on a busy one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // A poll waits for the console to catch up: on a busy 2-core machine a page can take several seconds
    // to load, so the ceiling is 10 s rather than 1 s (a poll that passes earlier returns at once).
    expect: { poll: { timeout: 10_000 } },
    // Two workers on two cores: most of the suite waits on processes, PostgreSQL and Chromium. No test
    // depends on how fast the machine is (the HiGHS stop is forced, the bounds are judged against a
    // valid plan), so sharing the cores changes no outcome.
    maxWorkers: 2,
    // A worker keeps its modules from one test file to the next (importing the sources again for each
    // of 60 files cost a third of the suite's time). No test mocks a module or stubs a global, and the
    // module-level state of src/ is caches of what never changes (the compiled HiGHS, the fonts, the
    // planner's worker thread); the suite passes in a shuffled file order (--sequence.shuffle.files).
    isolate: false,
  },
});
