import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/sequencer.ts';

const ALL = ['server/**/*.test.ts', 'data/**/*.test.ts', 'web/**/*.test.ts', 'tests/**/*.test.ts'];
/** files that need a module graph of their own: they replace a module with vi.mock */
const ISOLATED = ['tests/api/accounts-sign-in.test.ts'];

export default defineConfig({
  test: {
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
    // A worker process runs file after file in one module graph (isolate: false): the server's
    // modules, kysely, PGlite and Playwright are loaded once per worker instead of once per file,
    // and V8 keeps PGlite's and PostGIS's compiled WebAssembly, so each file's database copy opens
    // in ~4 s of CPU instead of ~7 (measured: six API files on both databases, one worker, 56 s →
    // 34 s). The server keeps no state in its modules across databases (caches are WeakMaps keyed
    // by the database or the app), every file closes what it opens, and a file that replaces a
    // module (vi.mock) runs in its own graph: the "isolated" project.
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          isolate: false,
          include: ALL,
          exclude: [...configDefaults.exclude, ...ISOLATED],
        },
      },
      { extends: true, test: { name: 'isolated', isolate: true, include: ISOLATED } },
    ],
    reporters: process.env.CI
      ? [
          'default',
          ['json', { outputFile: 'tests/artifacts/vitest.json' }],
          './tests/support/durations-reporter.ts',
        ]
      : ['default'],
  },
});
