/**
 * The built app in headless Chromium over the demo town: the four layers drawn over the basemap,
 * a layer toggled off and on, a feature's details opened from the list, near-me from a point
 * picked on the map and from the browser's location, and a phone-sized layout.
 * Screenshots go to tests/artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { artifact, browserAvailable, launchBrowser } from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

const MAIN_LAYERS = {
  parks: 'parks-fill',
  gardens: 'gardens-circle',
  programs: 'programs-circle',
  'degraded-zones': 'degraded-zones-fill',
};

async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const map = window.__commonsMap;
    if (!map?.getLayer(id)) return -1;
    return map.queryRenderedFeatures({ layers: [id] }).length;
  }, layerId);
}

async function waitIdle(page: Page) {
  await page.waitForFunction(
    () => document.documentElement.dataset.mapIdle === 'true' && window.__commonsMap !== undefined,
    null,
    {
      timeout: 30_000,
    },
  );
}

/** "350 m" / "1.2 km" → metres */
function metres(text: string): number {
  const m = /([\d.,]+)\s*(m|km)/.exec(text);
  if (!m?.[1]) throw new Error(`not a distance: ${text}`);
  const v = Number(m[1].replace(/,/g, ''));
  return m[2] === 'km' ? v * 1000 : v;
}

describe.skipIf(!browserAvailable())('the map in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await desktop.addInitScript('window.__name = (f) => f');
    page = await desktop.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    // the first visit asks who it is for; skippable
    await page
      .getByRole('dialog', { name: 'Who is this for?' })
      .getByRole('button', { name: 'Skip' })
      .click();
    await waitIdle(page);
    // the layers arrive after the first moveend; wait until all four are drawn
    await page.waitForFunction(
      (ids) => {
        const map = window.__commonsMap;
        return ids.every((id) => map?.getLayer(id) && map.queryRenderedFeatures({ layers: [id] }).length > 0);
      },
      Object.values(MAIN_LAYERS),
      { timeout: 30_000 },
    );
    await waitIdle(page);
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('draws parks, gardens, programs and degraded zones over the offline basemap', async () => {
    for (const id of Object.values(MAIN_LAYERS)) expect(await renderedCount(page, id), id).toBeGreaterThan(0);
    for (const id of ['water', 'streets-minor', 'neighbourhoods-line'])
      expect(await renderedCount(page, id), id).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.feature-item').count()).toBeGreaterThan(20);
    await page.screenshot({ path: artifact('map-desktop.png') });
  });

  it('hides a layer from the map and the list with its legend toggle, and shows it again', async () => {
    const toggle = page.getByRole('checkbox', { name: /Community gardens/ });
    expect(await page.locator('.feature-item[data-layer="gardens"]').count()).toBeGreaterThan(0);
    await toggle.uncheck();
    await waitIdle(page);
    await expect.poll(() => renderedCount(page, MAIN_LAYERS.gardens)).toBe(0);
    expect(await page.locator('.feature-item[data-layer="gardens"]').count()).toBe(0);
    expect(await renderedCount(page, MAIN_LAYERS.parks)).toBeGreaterThan(0);
    await toggle.check();
    await expect.poll(() => renderedCount(page, MAIN_LAYERS.gardens)).toBeGreaterThan(0);
    expect(await page.locator('.feature-item[data-layer="gardens"]').count()).toBeGreaterThan(0);
  });

  it('opens the details of a program from the list, with its next dates', async () => {
    const item = page.locator('.feature-item[data-layer="programs"]').first();
    const name = (await item.locator('.feature-name').textContent()) ?? '';
    await item.click();
    const details = page.getByRole('region', { name });
    await expect.poll(() => details.count()).toBe(1);
    await expect.poll(() => details.locator('.dates li').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('details-title');
    await waitIdle(page);
    await page.screenshot({ path: artifact('map-details.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.details').count()).toBe(0);
  });

  it('opens a park from a click on the map', async () => {
    const target = await page.evaluate(() => {
      const map = window.__commonsMap;
      const f = map?.queryRenderedFeatures({ layers: ['parks-fill'] })[0];
      if (!map || !f || f.properties.lon === undefined) return null;
      const p = map.project([f.properties.lon as number, f.properties.lat as number]);
      return { x: p.x, y: p.y, name: f.properties.name as string };
    });
    expect(target).not.toBeNull();
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    if (!target || !box) throw new Error('no park or no canvas');
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await expect.poll(() => page.locator('.details h2').textContent()).toBeTruthy();
    expect([
      'Park',
      'Community garden',
      'Community centre',
      'Program',
      'Event',
      'Group',
      'Service',
      'Volunteering',
      'Grant',
    ]).toContain(await page.locator('.details-kind').textContent());
    await page.keyboard.press('Escape');
  });

  it('finds what is near a point picked on the map, sorted by distance', async () => {
    await page.getByRole('button', { name: 'Pick a point on the map' }).click();
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.45);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Nearest to the chosen point' }).count())
      .toBe(1);
    await expect.poll(() => page.locator('.feature-item').count()).toBeGreaterThan(3);
    // activities and places, each list nearest first, all within the default 1.5 km
    for (const list of await page.locator('ul.feature-list').all()) {
      const distances = (await list.locator('.feature-distance').allTextContents()).map(metres);
      for (let i = 1; i < distances.length; i++)
        expect(distances[i]).toBeGreaterThanOrEqual((distances[i - 1] as number) - 50);
      expect(distances.every((d) => d <= 1500)).toBe(true);
    }
    expect((await page.locator('.feature-item .feature-distance').allTextContents()).length).toBeGreaterThan(
      3,
    );
    await expect.poll(() => page.locator('.point-marker').count()).toBe(1);
    await waitIdle(page);
    await page.screenshot({ path: artifact('map-nearby.png') });
  });

  it('fits a phone, and finds what is near the browser location', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
      geolocation: { longitude: 3.5, latitude: 54.5 },
    });
    await phone.addInitScript('window.__name = (f) => f');
    const p = await phone.newPage();
    await p.goto(server.url);
    await p.getByRole('button', { name: 'Skip' }).click();
    await waitIdle(p);
    await p.waitForFunction(
      () => (window.__commonsMap?.queryRenderedFeatures({ layers: ['parks-fill'] }).length ?? 0) > 0,
      null,
      {
        timeout: 30_000,
      },
    );
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await p.getByRole('button', { name: 'Use my location' }).click();
    await expect.poll(() => p.getByRole('heading', { name: 'Nearest to the chosen point' }).count()).toBe(1);
    await expect.poll(() => p.locator('.feature-item').count()).toBeGreaterThan(0);
    await waitIdle(p);
    await p.screenshot({ path: artifact('map-phone.png') });
    await phone.close();
  });
});
