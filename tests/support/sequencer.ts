/**
 * Longest files first, so that the workers (vitest.config.ts) finish together: vitest hands the next file to
 * whichever worker is free, and a long file started last (the fuzz test, the kiosk) would keep
 * one worker busy alone at the end while the other idles. vitest's own order uses the durations
 * of the last run on this machine (node_modules/.vite); a fresh clone (CI) has none and falls
 * back to file size, which says little about time. So the order comes from
 * tests/support/file-durations.json (whole-file seconds, hooks included, of a full run: written
 * to tests/artifacts/file-durations.json by tests/support/durations-reporter.ts on every run of
 * the suite in CI: copy it over when files have moved a lot), overridden by this machine's own
 * recent durations where vitest has them. A file in neither (a new one) counts as NEW_FILE_S.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** a new file, not yet measured: the house budget is under a minute on both databases */
const NEW_FILE_S = 30;

const RECORDED = path.join(import.meta.dirname, 'file-durations.json');

function recorded(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(RECORDED, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const known = recorded();
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const rel = path.relative(root, spec.moduleId).split(path.sep).join('/');
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${rel}`);
      // a file that failed last time: first, as vitest does, to learn soon whether it is fixed
      if (cached?.failed) return Number.POSITIVE_INFINITY;
      if (cached && cached.duration > 0) return cached.duration / 1000;
      return known[rel] ?? NEW_FILE_S;
    };
    const withTime = files.map((spec) => ({ spec, s: seconds(spec) }));
    withTime.sort((a, b) => b.s - a.s || a.spec.moduleId.localeCompare(b.spec.moduleId));
    return withTime.map((x) => x.spec);
  }
}
