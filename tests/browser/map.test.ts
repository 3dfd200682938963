/**
 * The built app in headless Chromium over the demo town: the four layers drawn over the basemap,
 * a layer toggled off and on, a feature's details opened from the list, near-me from a point
 * picked on the map and from the browser's location, and a phone-sized layout.
 * Screenshots go to tests/artifacts/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

setGenerousWaits();

/** the map drawn these layers, each with at least one feature */
async function drawn(page: Page, ids: string[]) {
  await page.waitForFunction(
    (layers) => {
      const map = window.__commonsMap;
      return layers.every((id) => map?.getLayer(id) && map.queryRenderedFeatures({ layers: [id] }).length > 0);
    },
    ids,
  );
}

const KINDS = /^(Park|Community garden|Community centre|Program|Event|Group|Service|Volunteering|Grant)$/;

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
  /** the map's first view (the town's home): a test that needs the whole town goes back to it */
  let home: { center: [number, number]; zoom: number };

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
    desktop = await newTestContext(browser, { viewport: { width: 1280, height: 800 } });
    page = await desktop.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    // the first visit asks who it is for; skippable
    await page
      .getByRole('dialog', { name: 'Who is this for?' })
      .getByRole('button', { name: 'Skip' })
      .click();
    // the layers arrive after the first moveend; wait until all four are drawn
    await drawn(page, Object.values(MAIN_LAYERS));
    await mapIdle(page);
    home = await page.evaluate(() => {
      const map = window.__commonsMap;
      if (!map) throw new Error('no map');
      const c = map.getCenter();
      return { center: [c.lng, c.lat] as [number, number], zoom: map.getZoom() };
    });
    expect(errors).toEqual([]);
  });

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
    await expect.poll(() => renderedCount(page, MAIN_LAYERS.gardens)).toBe(0);
    await expect.poll(() => page.locator('.feature-item[data-layer="gardens"]').count()).toBe(0);
    await mapIdle(page);
    expect(await renderedCount(page, MAIN_LAYERS.parks)).toBeGreaterThan(0);
    await toggle.check();
    await expect.poll(() => renderedCount(page, MAIN_LAYERS.gardens)).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.feature-item[data-layer="gardens"]').count()).toBeGreaterThan(0);
    await mapIdle(page);
  });

  it('opens the details of a program from the list, with its next dates', async () => {
    const item = page.locator('.feature-item[data-layer="programs"]').first();
    const name = (await item.locator('.feature-name').textContent()) ?? '';
    await item.click();
    const details = page.getByRole('region', { name });
    await expect.poll(() => details.count()).toBe(1);
    await expect.poll(() => details.locator('.dates li').count()).toBeGreaterThan(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('details-title');
    // the map flies to the program: its screenshot once it has arrived
    await mapIdle(page);
    await page.screenshot({ path: artifact('map-details.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.details').count()).toBe(0);
  });

  it('opens a park from a click on the map', async () => {
    // the program opened before may have taken the map to the town's edge, with no park in view
    // (which program comes first depends on the hour): back to the home view, and wait for it
    await page.evaluate((v) => window.__commonsMap?.jumpTo(v), home);
    await mapIdle(page);
    await expect.poll(() => renderedCount(page, MAIN_LAYERS.parks)).toBeGreaterThan(0);
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
    await expect.poll(() => page.locator('.details-kind').textContent()).toMatch(KINDS);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.details').count()).toBe(0);
    await mapIdle(page);
  });

  it('finds what is near a point picked on the map, sorted by distance', async () => {
    await page.getByRole('button', { name: 'Pick a point on the map' }).click();
    const box = await page.locator('.maplibregl-canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.45);
    await expect
      .poll(() => page.getByRole('heading', { name: 'Nearest to the chosen point' }).count())
      .toBe(1);
    // activities and places, each list nearest first, all within the default 1.5 km; both lists
    // arrive on their own, so the check holds once both show the point's answers
    const listProblems = async () => {
      const problems: string[] = [];
      let shown = 0;
      for (const list of await page.locator('ul.feature-list').all()) {
        const distances = (await list.locator('.feature-distance').allTextContents()).map(metres);
        shown += distances.length;
        for (let i = 1; i < distances.length; i++)
          if ((distances[i] as number) < (distances[i - 1] as number) - 50)
            problems.push(`not nearest first: ${distances.join(', ')}`);
        if (!distances.every((d) => d <= 1500)) problems.push(`beyond 1.5 km: ${distances.join(', ')}`);
      }
      if (shown <= 3) problems.push(`only ${shown} distances shown`);
      return problems;
    };
    await expect.poll(listProblems).toEqual([]);
    await expect.poll(() => page.locator('.point-marker').count()).toBe(1);
    await mapIdle(page);
    await page.screenshot({ path: artifact('map-nearby.png') });
  });

  it('fits a phone, and finds what is near the browser location', async () => {
    const phone = await newTestContext(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
      geolocation: { longitude: 3.5, latitude: 54.5 },
    });
    const p = await phone.newPage();
    await p.goto(server.url);
    await p.getByRole('button', { name: 'Skip' }).click();
    await drawn(p, ['parks-fill']);
    await mapIdle(p);
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // near me is in the filters sheet on a phone; it closes to show what is near
    await p.getByRole('button', { name: /^Filters/ }).click();
    await p.getByRole('button', { name: 'Use my location' }).click();
    await expect.poll(() => p.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => p.getByRole('heading', { name: 'Nearest to the chosen point' }).count()).toBe(1);
    await expect.poll(() => p.locator('.feature-item').count()).toBeGreaterThan(0);
    await mapIdle(p);
    await p.screenshot({ path: artifact('map-phone.png') });
    await phone.close();
  });
});
