/**
 * Writes tests/artifacts/file-durations.json after a run: each file's whole time in seconds
 * (its import, hooks — opening the databases, starting Chromium — and tests), longest first.
 * The JSON report's per-file times leave the hooks out. Copy a full run's file over
 * tests/support/file-durations.json to refresh the order tests/support/sequencer.ts runs files in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class DurationsReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (!modules.length) return;
    const root = modules[0]?.project.config.root ?? process.cwd();
    const rows = modules.map((m) => {
      const d = m.diagnostic();
      const s = (d.collectDuration + d.setupDuration + d.duration) / 1000;
      return [path.relative(root, m.moduleId).split(path.sep).join('/'), Math.round(s * 10) / 10] as const;
    });
    rows.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const out = path.join(root, 'tests', 'artifacts', 'file-durations.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(Object.fromEntries(rows), null, 2)}\n`);
  }
}
