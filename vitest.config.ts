import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'data/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each test file opens its own database copy; PGlite takes ~1 GB per instance.
    pool: 'forks',
    maxWorkers: 2,
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
