/**
 * The planner's view in Chromium, on the demo town: choropleth with its legend and degraded zones,
 * the ranked table (sorting, export), a neighbourhood's profile and its printed report, and the
 * what-if of a new site placed on the map, and the whole view in Hebrew, right to left. Screenshots
 * at desktop size; axe-core over the view.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import plannerHe from '../../web/planner/locales/he.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

/** features the planner's map draws in a layer */
function renderedIn(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => {
    const map = (window as unknown as { __plannerMap?: { queryRenderedFeatures: (o: unknown) => unknown[] } })
      .__plannerMap;
    return map ? map.queryRenderedFeatures({ layers: [id] }).length : 0;
  }, layer);
}

describe.skipIf(!browserAvailable())('planner in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({ config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, database, onProgress: () => {} });
    browser = await launchBrowser();
    const ctx = await newTestContext(browser, { viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await ctx.newPage();
    await page.goto(`${server.url}/planner?set=gardens&metric=score`);
    await page.waitForSelector('.rank-table tbody tr');
    await mapIdle(page, '__plannerMap');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('colours the neighbourhoods by the underserved index, with class breaks and the degraded zones', async () => {
    const legend = page.locator('.choropleth-legend');
    await expect.poll(() => legend.locator('li').count()).toBeGreaterThan(3);
    await expect.poll(() => legend.textContent()).toMatch(/Underserved index.*Designated degraded zone/s);
    // the map really draws the choropleth and the zones: features rendered in both layers
    await expect.poll(() => renderedIn(page, 'planner-fill')).toBeGreaterThanOrEqual(9);
    await expect.poll(() => renderedIn(page, 'planner-zones-line')).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.rank-table tbody tr').count()).toBe(9);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('planner-desktop.png') });
    const axe = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('sorts the table by a column, and exports it as CSV', async () => {
    await page.getByRole('button', { name: /^Within reach/ }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: /^Within reach/ }).waitFor();
    const shares = await page.locator('.rank-table tbody tr td:nth-child(5)').allTextContents();
    const values = shares.map((s) => Number(s.replace('%', '')));
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const file = await download.path();
    const csv = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(csv).toHaveLength(9);
    expect(csv[0]?.set).toBe('gardens');
  });

  it("opens a neighbourhood's profile from the table, and prints it as a one-page report", async () => {
    await page.getByRole('button', { name: /^Rank/ }).click();
    await page.locator('th:not([aria-sort="none"])', { hasText: /^Rank/ }).waitFor();
    const first = (await page.locator('.rank-table tbody tr .row-open').first().textContent()) ?? '';
    await page.locator('.rank-table tbody tr .row-open').first().click();
    const profile = page.getByRole('region', { name: first });
    await expect.poll(() => profile.isVisible()).toBe(true);
    await expect.poll(() => profile.textContent()).toMatch(/Population by age.*by audience.*Gaps by layer/s);
    await expect.poll(() => page.url()).toMatch(/[?&]n=/);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('planner-profile-desktop.png') });
    await page.emulateMedia({ media: 'print' });
    try {
      await page.screenshot({ path: artifact('planner-report-print.png'), fullPage: true });
      expect(await page.locator('.planner-map').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      fs.writeFileSync(artifact('planner-report.pdf'), pdf);
      // one page: count the PDF's page objects
      expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('shows the residents a new site placed on the map would newly reach', async () => {
    await page.getByRole('button', { name: 'Close the profile' }).click();
    await page.getByRole('button', { name: 'Place a point' }).click();
    // a click on a map still moving would place the site elsewhere
    await mapIdle(page, '__plannerMap');
    const box = await page.locator('.planner-map canvas').boundingBox();
    if (!box) throw new Error('no map canvas');
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.35);
    const result = page.locator('.what-if-result');
    await expect.poll(() => result.textContent()).toMatch(/residents newly within a 10-minute walk/);
    const text = (await result.textContent()) ?? '';
    const total = Number((/([\d,]+) residents newly/.exec(text)?.[1] ?? '0').replace(/,/g, ''));
    expect(total).toBeGreaterThan(0);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('planner-what-if-desktop.png') });
  });

  it('speaks Hebrew, right to left, names and notes included', async () => {
    const ctx = await newTestContext(browser, { viewport: { width: 1440, height: 900 } });
    const he = await ctx.newPage();
    try {
      await he.goto(`${server.url}/planner?set=gardens&metric=score&lang=he`);
      await he.waitForSelector('.rank-table tbody tr');
      await mapIdle(he, '__plannerMap');
      await expect
        .poll(() => he.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
        .toEqual(['he', 'rtl']);
      await expect.poll(() => he.locator('h1').textContent()).toContain(plannerHe.title);
      await expect.poll(() => he.locator('.choropleth-legend').textContent()).toContain(plannerHe.metrics.score);
      await expect.poll(() => he.locator('.rank-table thead').textContent()).toContain(plannerHe.table.neighbourhood);
      // the method is worded in Hebrew too, not passed through from the server's English
      await he.locator('.formula-box summary').click();
      await expect
        .poll(() => he.locator('.formula-box').textContent())
        .toContain(plannerHe.method.networkNote.split('{{')[0]);
      expect(await he.locator('.formula-box').textContent()).not.toMatch(/Walking distance along/);
      // the table's first column is on the right
      const [table, rank] = await Promise.all([
        he.locator('.rank-table').boundingBox(),
        he.locator('.rank-table thead th').first().boundingBox(),
      ]);
      expect((rank?.x ?? 0) + (rank?.width ?? 0)).toBeGreaterThan((table?.x ?? 0) + (table?.width ?? 0) - 5);
      await he.locator('.rank-table tbody tr .row-open').first().click();
      await expect.poll(() => he.locator('.profile').textContent()).toContain(plannerHe.profile.byAge);
      await mapIdle(he, '__plannerMap');
      await he.screenshot({ path: artifact('planner-hebrew-desktop.png') });
      const axe = await new AxeBuilder({ page: he }).exclude('.maplibregl-canvas').analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
