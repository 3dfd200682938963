/**
 * `npm run lighthouse`: a Lighthouse audit of the built app in Debian's Chromium, on the demo town
 * in the embedded database, for a phone (Lighthouse's default mobile settings: simulated slow 4G
 * and a 4× slower CPU) and a desktop. Also weighs the JavaScript the first page loads, gzipped,
 * from the Vite manifest (the map chunk is lazy and counted apart).
 *
 * Results are printed and written to bench/results/lighthouse-<date>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import lighthouse, { type Flags } from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../server/config.ts';
import { startServer } from '../server/main.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/support/browser.ts';
import { ensureWebBuild } from '../tests/support/web-build.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PORT = 9333;

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/** gzip size of the JavaScript the entry loads eagerly (its static imports, transitively). */
export function initialJavaScript(distDir: string): { eager: number; lazy: number; files: string[] } {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestChunk>;
  const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(distDir, file)), { level: 9 }).length;
  const eager = new Set<string>();
  const visit = (key: string) => {
    if (eager.has(key)) return;
    eager.add(key);
    for (const k of manifest[key]?.imports ?? []) visit(k);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const files = [...eager].map((k) => manifest[k]?.file).filter((f): f is string => !!f && f.endsWith('.js'));
  const all = new Set(
    Object.values(manifest)
      .map((c) => c.file)
      .filter((f) => f.endsWith('.js')),
  );
  let lazy = 0;
  for (const f of all) if (!files.includes(f)) lazy += gz(f);
  return { eager: files.reduce((s, f) => s + gz(f), 0), lazy, files };
}

async function main() {
  await ensureWebBuild();
  const js = initialJavaScript(path.join(PROJECT_ROOT, 'dist', 'web'));
  // a fresh embedded database with the demo town, as `npm start` makes on a new machine
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-lighthouse-'));
  const server = await startServer({
    config: {
      PORT: 0,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      LOAD_DEMO: true,
    },
    onProgress: () => {},
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, `--remote-debugging-port=${PORT}`],
  });
  const results: Record<string, Record<string, number | null>> = {};
  try {
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const flags: Flags = { port: PORT, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES };
      const run = await lighthouse(
        `${server.url}/`,
        flags,
        formFactor === 'desktop' ? desktopConfig : undefined,
      );
      if (!run) throw new Error('Lighthouse returned no result');
      const lhr = run.lhr;
      const scores: Record<string, number | null> = Object.fromEntries(
        CATEGORIES.map((c) => [
          c,
          lhr.categories[c]?.score == null ? null : Math.round((lhr.categories[c]?.score ?? 0) * 100),
        ]),
      );
      results[formFactor] = scores;
      for (const audit of [
        'first-contentful-paint',
        'largest-contentful-paint',
        'total-blocking-time',
        'cumulative-layout-shift',
      ]) {
        const a = lhr.audits[audit];
        if (a) scores[audit] = a.numericValue == null ? null : Math.round(a.numericValue * 1000) / 1000;
      }
      const failing = Object.values(lhr.audits)
        .filter(
          (a) =>
            a.score !== null &&
            a.score < 0.9 &&
            a.scoreDisplayMode !== 'informative' &&
            a.scoreDisplayMode !== 'notApplicable',
        )
        .map((a) => `${a.id} (${a.score})`);
      if (process.env.LIGHTHOUSE_REPORT)
        fs.writeFileSync(`${process.env.LIGHTHOUSE_REPORT}-${formFactor}.json`, JSON.stringify(lhr));
      console.log(`\n${formFactor}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
      if (failing.length) console.log(`  audits below 0.9: ${failing.join(', ')}`);
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const summary = {
    date: new Date().toISOString(),
    chromium: CHROMIUM,
    initialJavaScriptGzipBytes: js.eager,
    lazyJavaScriptGzipBytes: js.lazy,
    initialFiles: js.files,
    scores: results,
  };
  console.log(
    `\ninitial JavaScript: ${(js.eager / 1024).toFixed(1)} KB gzip (${js.files.join(', ')}); lazy chunks ${(js.lazy / 1024).toFixed(1)} KB gzip`,
  );
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `lighthouse-${summary.date.slice(0, 10)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`written to ${path.relative(PROJECT_ROOT, file)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
