import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'data/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each test file opens its own database copy; PGlite takes ~1 GB per instance.
    pool: 'forks',
    // Three files at a time on the 2 cores of CI (TEST_WORKERS sets another number): a file spends
    // part of its time waiting — on Chromium's own processes, the PostGIS server, child processes
    // starting, a kiosk's idle timer — and a third file uses that time. Memory: ~3 × 1.5 GB.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    // longest files first (tests/support/file-durations.json), so both workers end together
    sequence: { sequencer: LongestFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: process.env.CI
      ? [
          'default',
          ['json', { outputFile: 'tests/artifacts/vitest.json' }],
          './tests/support/durations-reporter.ts',
        ]
      : ['default'],
  },
});
