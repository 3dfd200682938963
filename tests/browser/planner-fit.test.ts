/**
 * What planners told us (issue 14, item 6), at 1 440 × 900 in English and Hebrew: the ranked
 * table fits the screen without scrolling sideways; the legend never lies over a neighbourhood
 * and folds away; the neighbourhoods are named on the map; the printed profile includes its map.
 * One server, one browser; nothing from another host.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import plannerEn from '../../web/planner/locales/en.ts';
import plannerHe from '../../web/planner/locales/he.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  refuseOtherHosts,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const VIEWPORT = { width: 1440, height: 900 };
type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** the names the planner's map has drawn as labels (MapLibre placed them: none hidden by collision) */
function labelsOnMap(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    type M = { queryRenderedFeatures: (o: unknown) => { properties: { name?: string } }[] };
    const map = (window as unknown as { __plannerMap?: M }).__plannerMap;
    if (!map) return [];
    return [...new Set(map.queryRenderedFeatures({ layers: ['planner-labels'] }).map((f) => f.properties.name ?? ''))];
  });
}

/** how the ranked table sits: its scrolling box, and anything cut off or outside the window */
function tableFit(page: Page) {
  return page.evaluate(() => {
    const wrap = document.querySelector('.table-wrap') as HTMLElement;
    const table = wrap.querySelector('table') as HTMLElement;
    const r = table.getBoundingClientRect();
    const clipped = [...table.querySelectorAll('th, td')]
      .filter((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1)
      .map((c) => c.textContent);
    return {
      overflow: wrap.scrollWidth - wrap.clientWidth,
      left: r.left,
      right: r.right,
      window: window.innerWidth,
      clipped,
      columns: table.querySelectorAll('thead th').length,
    };
  });
}

describe.skipIf(!browserAvailable())('planner at 1 440 px: table, legend, labels, printed map', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const refused: string[][] = [];
  const pages: Record<'en' | 'he', Page> = {} as Record<'en' | 'he', Page>;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({ config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, database, onProgress: () => {} });
    browser = await launchBrowser();
    for (const lang of ['en', 'he'] as const) {
      const ctx = await newTestContext(browser, { viewport: VIEWPORT });
      contexts.push(ctx);
      refused.push(await refuseOtherHosts(ctx, server.url));
      const page = await ctx.newPage();
      await page.goto(`${server.url}/planner?set=gardens&metric=score&lang=${lang}`);
      await page.waitForSelector('.rank-table tbody tr');
      await mapIdle(page, '__plannerMap');
      pages[lang] = page;
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await database?.close();
    // every tile, label and script came from the app itself
    expect(refused.flat()).toEqual([]);
  });

  for (const lang of ['en', 'he'] as const) {
    it(`fits the ranked table in 1 440 px, every column group of it (${lang})`, async () => {
      const page = pages[lang];
      const strings = lang === 'en' ? plannerEn : plannerHe;
      // as it opens
      const first = await tableFit(page);
      expect(first.overflow).toBeLessThanOrEqual(0);
      expect(first.right).toBeLessThanOrEqual(first.window);
      // and in each group of columns
      const groups = page.locator('.table-columns button');
      expect(await groups.count()).toBeGreaterThanOrEqual(2);
      let columns = 0;
      for (let i = 0; i < (await groups.count()); i++) {
        await groups.nth(i).click();
        await expect.poll(() => groups.nth(i).getAttribute('aria-pressed')).toBe('true');
        const fit = await tableFit(page);
        expect(fit.overflow, `group ${i}`).toBeLessThanOrEqual(0);
        expect(fit.left).toBeGreaterThanOrEqual(0);
        expect(fit.right).toBeLessThanOrEqual(fit.window);
        expect(fit.clipped).toEqual([]);
        columns += fit.columns;
        await page.screenshot({ path: artifact(`planner-fit-table-${lang}-${i}.png`) });
      }
      // between them, the groups show every figure the table has (rank, name and priority in each)
      expect(columns - 3 * ((await groups.count()) - 1)).toBe(14);
      await groups.first().click();
      expect(await page.locator('.rank-table thead').textContent()).toContain(strings.table.neighbourhood);
    });
  }

  it('keeps the legend off every neighbourhood, and folds it away', async () => {
    const page = pages.en;
    const legend = page.locator('.choropleth-legend');
    const canvas = page.locator('.planner-map .maplibregl-map');
    const [l, c] = await Promise.all([legend.boundingBox(), canvas.boundingBox()]);
    if (!l || !c) throw new Error('no legend or no map');
    // (boxes laid out at fractions of a pixel may share one: not an overlap)
    expect(overlaps(l, { ...c, height: c.height - 1 }), JSON.stringify({ legend: l, map: c })).toBe(false);
    await expect.poll(() => legend.textContent()).toMatch(/Underserved index.*Designated degraded zone/s);
    // folded: a single line, and the map takes the room
    const toggle = legend.getByRole('button', { name: new RegExp(plannerEn.legend.toggle) });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await legend.locator('ul').isVisible()).toBe(false);
    await expect.poll(async () => (await canvas.boundingBox())?.height ?? 0).toBeGreaterThan(c.height);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('planner-fit-legend-folded.png') });
    await toggle.click();
    await expect.poll(() => legend.locator('ul').isVisible()).toBe(true);
    await mapIdle(page, '__plannerMap');
  });

  for (const lang of ['en', 'he'] as const) {
    it(`names every neighbourhood on the map (${lang})`, async () => {
      const page = pages[lang];
      const names = await page.locator('.rank-table tbody .row-open').allTextContents();
      expect(names).toHaveLength(9);
      await mapIdle(page, '__plannerMap');
      await expect.poll(async () => (await labelsOnMap(page)).sort()).toEqual([...names].sort());
      await page.screenshot({ path: artifact(`planner-fit-labels-${lang}.png`) });
    });
  }

  for (const lang of ['en', 'he'] as const) {
    it(`prints the profile with its map, on one page (${lang})`, async () => {
      const page = pages[lang];
      await page.locator('.rank-table tbody tr .row-open').first().click();
      await page.waitForSelector('.profile');
      const id = new URL(page.url()).searchParams.get('n');
      await page.emulateMedia({ media: 'print' });
      try {
        const map = page.locator('.profile .profile-map');
        await expect.poll(() => map.isVisible()).toBe(true);
        const box = await map.boundingBox();
        expect((box?.width ?? 0) * (box?.height ?? 0)).toBeGreaterThan(200 * 150);
        // the neighbourhood itself, drawn and marked, among the others
        const selected = map.locator(`[data-id="${id}"]`);
        expect(await selected.count()).toBe(1);
        expect(await selected.getAttribute('class')).toContain('selected');
        expect(await map.locator('[data-id]').count()).toBe(9);
        await page.screenshot({ path: artifact(`planner-fit-print-${lang}.png`), fullPage: true });
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        fs.writeFileSync(artifact(`planner-fit-print-${lang}.pdf`), pdf);
        expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    });
  }
});
