import { startServer } from './server/main.ts';
import { launchBrowser } from './tests/support/browser.ts';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
const dataDir = process.env.DD ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cm-k-'));
const s = await startServer({ config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir, DATABASE_URL: undefined, LOAD_DEMO: true }, onProgress: () => {} });
const kiosks = await (await fetch(s.url + '/api/kiosks')).json() as { slug: string }[];
console.log(kiosks.map((k) => k.slug));
const b = await launchBrowser();
for (const [name, vp] of [['portrait', { width: 1080, height: 1920 }], ['landscape', { width: 1920, height: 1080 }]] as const) {
  const ctx = await b.newContext({ viewport: vp, hasTouch: true });
  const page = await ctx.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror', e.message));
  await page.goto(`${s.url}/kiosk/${kiosks[0]!.slug}`);
  await page.waitForTimeout(4000);
  await page.screenshot({ path: `/tmp/k-attract-${name}.png` });
  await page.locator('.k-attract').click();
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/k-main-${name}.png` });
  await page.locator('.k-item').first().click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/k-detail-${name}.png` });
}
await b.close(); await s.close();
