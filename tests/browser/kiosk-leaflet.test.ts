/**
 * A kiosk with a printer prints this week's leaflet of its neighbourhood, in Chromium: the large
 * control is there only when the kiosk's printer is on; it lays out /leaflet?area=…&audience=…
 * &lang=…&print=1 (the centre's neighbourhood — found here with turf —, the audience chosen, the
 * kiosk's current language) in a frame that prints itself once fitted, and nothing stays behind:
 * no frame, no stored language, no history entry. window.print is recorded in every frame (a
 * headless browser has no printer). Screenshots in English and Hebrew.
 */
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
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

const TOKEN = 'kiosk-leaflet-token';
const CENTRE = 'kestrel-rise-community-centre';
const WITH_PRINTER = 'kestrel-printer';
const WITHOUT_PRINTER = 'kestrel-no-printer';

/** every frame's window.print records what it would have printed, in the top window */
const RECORD_PRINTS = `
  window.print = function () {
    const top = window.top;
    (top.__cmPrints = top.__cmPrints || []).push({
      url: location.href,
      ready: !!document.querySelector('.leaflet[data-leaflet-ready="true"]'),
      cards: document.querySelectorAll('.leaflet-entry').length,
      dir: document.documentElement.dir,
      heading: document.querySelector('.leaflet-head h1')?.textContent ?? '',
      framed: window !== top,
    });
  };
`;
interface Printed {
  url: string;
  ready: boolean;
  cards: number;
  dir: string;
  heading: string;
  framed: boolean;
}

describe.skipIf(!browserAvailable())('a kiosk with a printer prints the leaflet', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  /** the neighbourhood the kiosk's centre stands in */
  let hood: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  async function put(slug: string, body: object) {
    const res = await fetch(`${server.url}/api/admin/kiosks/${slug}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  async function open(slug: string): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width: 1920, height: 1080 }, hasTouch: true });
    contexts.push(ctx);
    await ctx.addInitScript(RECORD_PRINTS);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/kiosk/${slug}`);
    await page.locator('.k-attract').click();
    await page.locator('.k-item').first().waitFor();
    await mapIdle(page);
    return page;
  }

  const prints = (page: Page) =>
    page.evaluate(() => (window as unknown as { __cmPrints?: Printed[] }).__cmPrints ?? []);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN },
      database,
      onProgress: () => {},
    });
    await put(WITH_PRINTER, { centre: CENTRE, default_language: 'en', idle_seconds: 600, printer: true });
    await put(WITHOUT_PRINTER, { centre: CENTRE, default_language: 'en', idle_seconds: 600, printer: false });
    const kiosk = (await (await fetch(`${server.url}/api/kiosks/${WITH_PRINTER}`)).json()) as {
      centre: { lon: number; lat: number };
    };
    const hoods = (await (
      await fetch(`${server.url}/api/layers/neighbourhoods`)
    ).json()) as FeatureCollection<Polygon | MultiPolygon, { id: string; name: string }>;
    const at = hoods.features.find((f: Feature<Polygon | MultiPolygon, { id: string; name: string }>) =>
      turf.booleanPointInPolygon([kiosk.centre.lon, kiosk.centre.lat], f),
    );
    expect(at).toBeTruthy();
    hood = { id: String(at?.properties.id), name: String(at?.properties.name) };
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('prints the neighbourhood’s leaflet in the kiosk’s language, for the audience chosen, and leaves nothing', async () => {
    const page = await open(WITH_PRINTER);
    const historyStart = await page.evaluate(() => window.history.length);
    const control = page.getByRole('button', { name: 'Print this week’s leaflet' });
    await control.waitFor();
    expect(await page.locator('.k-leaflet-status').textContent()).toContain(hood.name);
    const box = await control.boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(48);
    await page.screenshot({ path: artifact('kiosk-leaflet-en.png') });

    // a visitor switches to Hebrew and chooses seniors, then prints
    await page.getByRole('button', { name: 'עברית', exact: true }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('button', { name: 'גיל הזהב', exact: true }).click();
    await page.getByRole('button', { name: 'הדפסת העלון של השבוע' }).click();
    await expect.poll(async () => (await prints(page)).length).toBe(1);
    const [printed] = await prints(page);
    const url = new URL(printed?.url ?? '');
    expect(url.origin).toBe(server.url);
    expect(url.pathname).toBe('/leaflet');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      area: hood.id,
      audience: 'seniors',
      lang: 'he',
      print: '1',
    });
    // it printed the leaflet once laid out, in its frame, in Hebrew, for that neighbourhood
    expect(printed?.framed).toBe(true);
    expect(printed?.ready).toBe(true);
    expect(printed?.dir).toBe('rtl');
    expect(printed?.heading).toContain(hood.name);
    const week = (await (
      await fetch(`${server.url}/api/opportunities?area=${hood.id}&audience=seniors&when=week&limit=1`)
    ).json()) as { total: number };
    expect(week.total).toBeGreaterThan(0);
    expect(printed?.cards).toBeGreaterThan(0);
    expect(printed?.cards).toBeLessThanOrEqual(week.total);

    // the kiosk says so, and the frame is gone
    await expect
      .poll(() => page.locator('.k-leaflet-status').textContent())
      .toBe('העלון מודפס: קחו אותו מהמדפסת.');
    expect(await page.locator('iframe').count()).toBe(0);
    expect(await page.evaluate(() => window.localStorage.getItem('cm.lang'))).toBeNull();
    expect(await page.evaluate(() => window.history.length)).toBe(historyStart);
    await page.screenshot({ path: artifact('kiosk-leaflet-he.png') });

    // the next visitor finds the control as new
    await page.evaluate(() => window.__commonsKiosk?.expire());
    await page.locator('.k-attract').click();
    await expect.poll(() => page.locator('.k-leaflet-status').textContent()).toContain(hood.name);
    expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length)).toBe(0);
  });

  it('offers no print control on a kiosk without a printer', async () => {
    const page = await open(WITHOUT_PRINTER);
    await page.locator('.k-results-head').waitFor();
    expect(await page.locator('.k-leaflet').count()).toBe(0);
    expect(await page.getByRole('button', { name: /leaflet/i }).count()).toBe(0);
  });
});
