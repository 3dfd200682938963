/**
 * Names on the map (issue 14, item 2): a city imported from its OpenStreetMap extract (Helsinki)
 * shows its streets, water and names; the names follow the reader's language — English, Hebrew
 * (right to left, through the RTL text plugin the app serves) and Ukrainian — drawn with the
 * device's fonts. Nothing is fetched from another host: every request elsewhere is refused and
 * listed, and the list must stay empty. Phone (390 × 844, touch) and desktop (1 440 × 900)
 * screenshots go to tests/artifacts/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../server/import/run.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
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
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

setGenerousWaits();

const HELSINKI = { lon: 24.9442, lat: 60.1715 };
/** the bay north of the centre, where the extract has only coastline: the sea is rebuilt from it */
const KAISANIEMI_BAY = { lon: 24.9475, lat: 60.1772 };

/** the names a label layer draws on screen now */
function drawnNames(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((id) => {
    const map = window.__commonsMap;
    if (!map?.getLayer(id)) return [];
    return map.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.properties?.name ?? ''));
  }, layer);
}

async function chooseLanguage(page: Page, lang: string) {
  const select = page.locator('.lang-switch select').first();
  if (await select.isVisible()) await select.selectOption(lang);
  // a phone layout may keep the switcher in a closed menu: the same change event React reads
  else
    await select.evaluate((el, value) => {
      const s = el as HTMLSelectElement;
      const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
      setter?.call(s, value);
      s.dispatchEvent(new Event('change', { bubbles: true }));
    }, lang);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** skips the first-visit dialog, whatever it asks first */
async function skipFirstVisit(page: Page) {
  const dialog = page.getByRole('dialog').first();
  await dialog.waitFor({ state: 'visible' });
  await dialog.getByRole('button', { name: /skip/i }).first().click();
}

describe.skipIf(!browserAvailable() || !sharedDataAvailable('osm-helsinki'))(
  'basemap labels in Chromium',
  () => {
    let database: TestDatabase;
    let server: RunningServer;
    let browser: Browser;
    let phone: BrowserContext;
    let page: Page;
    let refused: string[];
    const asked: string[] = [];

    beforeAll(async () => {
      database = await openTestDatabase('pglite');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labels-'));
      const tenantFile = path.join(dir, 'helsinki.json');
      fs.writeFileSync(
        tenantFile,
        JSON.stringify({
          slug: 'helsinki',
          name: { en: 'Helsinki', he: 'הלסינקי', uk: 'Гельсінкі' },
          locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'],
          defaultLocale: 'en',
          timezone: 'Europe/Helsinki',
          home: { center: [HELSINKI.lon, HELSINKI.lat], zoom: 15 },
          bbox: [24.9351766, 60.1641551, 24.9534132, 60.1791074],
        }),
      );
      await runImport(database.db, { format: 'tenant', path: tenantFile, tenant: 'helsinki' });
      await runImport(database.db, {
        format: 'osm',
        path: path.join(SHARED_DATA, 'osm-helsinki', 'Helsinki.osm.pbf'),
        tenant: 'helsinki',
      });
      fs.rmSync(dir, { recursive: true, force: true });
      server = await startServer({
        config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        database,
        onProgress: () => {},
      });
      browser = await launchBrowser();
      phone = await newTestContext(browser, {
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
        locale: 'en',
      });
      refused = await refuseOtherHosts(phone, server.url);
      phone.on('request', (r) => asked.push(r.url()));
      page = await phone.newPage();
      await page.goto(`${server.url}/t/helsinki/`);
      await skipFirstVisit(page);
      await page.waitForFunction(() => window.__commonsMap !== undefined);
      // city zoom over the centre: street names are drawn from zoom 14
      await page.evaluate((c) => window.__commonsMap?.jumpTo({ center: [c.lon, c.lat], zoom: 16 }), HELSINKI);
      await mapIdle(page);
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await database?.close();
    });

    it('draws the extract’s streets, water and green spaces, with street and place names, in English', async () => {
      await expect.poll(() => drawnNames(page, 'street-names').then((n) => n.length)).toBeGreaterThan(3);
      const counts = await page.evaluate(() => {
        const map = window.__commonsMap;
        const n = (id: string) => map?.queryRenderedFeatures({ layers: [id] }).length ?? 0;
        return { minor: n('streets-minor'), buildings: n('buildings'), green: n('green') };
      });
      expect(counts.minor).toBeGreaterThan(5);
      expect(counts.buildings).toBeGreaterThan(5);
      expect(counts.green).toBeGreaterThan(0);
      await page.evaluate(() => window.__commonsMap?.setZoom(14));
      await mapIdle(page);
      await expect.poll(() => drawnNames(page, 'place-names')).toContain('Helsinki');
      const water = await page.evaluate(
        () => window.__commonsMap?.queryRenderedFeatures({ layers: ['water'] }).length,
      );
      expect(water).toBeGreaterThan(0);
      await page.screenshot({ path: artifact('basemap-labels-phone-en.png') });
      // the sea, rebuilt from the coastline, fills the bays north of the centre
      await page.evaluate(
        (c) => window.__commonsMap?.jumpTo({ center: [c.lon, c.lat], zoom: 15 }),
        KAISANIEMI_BAY,
      );
      await mapIdle(page);
      const sea = await page.evaluate(
        () =>
          window.__commonsMap
            ?.queryRenderedFeatures({ layers: ['water'] })
            .filter((f) => f.properties.class === 'sea').length,
      );
      expect(sea).toBeGreaterThan(0);
      await page.screenshot({ path: artifact('basemap-sea-phone-en.png') });
      await page.evaluate((c) => window.__commonsMap?.jumpTo({ center: [c.lon, c.lat], zoom: 14 }), HELSINKI);
      await mapIdle(page);
    });

    it('names places in Hebrew, right to left through the plugin the app serves, and in Ukrainian', async () => {
      await chooseLanguage(page, 'he');
      await expect.poll(() => drawnNames(page, 'place-names')).toContain('הלסינקי');
      await mapIdle(page);
      // the right-to-left plugin came from this app, as a module
      expect(asked.some((u) => new URL(u).pathname === '/api/basemap/rtl-text.mjs')).toBe(true);
      // the tiles asked for Hebrew names
      expect(asked.some((u) => u.includes('/api/basemap/tiles/') && u.includes('lang=he'))).toBe(true);
      await page.screenshot({ path: artifact('basemap-labels-phone-he.png') });

      await chooseLanguage(page, 'uk');
      await expect.poll(() => drawnNames(page, 'place-names')).toContain('Гельсінкі');
      // a street without a Ukrainian name keeps its own
      await page.evaluate(() => window.__commonsMap?.setZoom(16));
      await mapIdle(page);
      await expect.poll(() => drawnNames(page, 'street-names').then((n) => n.length)).toBeGreaterThan(3);
      await page.screenshot({ path: artifact('basemap-labels-phone-uk.png') });
    });

    it('fetches nothing from another host, on the phone or on a desktop in Hebrew', async () => {
      const desktop = await newTestContext(browser, { viewport: { width: 1440, height: 900 }, locale: 'en' });
      const refusedDesktop = await refuseOtherHosts(desktop, server.url);
      const wide = await desktop.newPage();
      await wide.goto(`${server.url}/t/helsinki/`);
      await skipFirstVisit(wide);
      await chooseLanguage(wide, 'he');
      await wide.waitForFunction(() => window.__commonsMap !== undefined);
      await wide.evaluate((c) => window.__commonsMap?.jumpTo({ center: [c.lon, c.lat], zoom: 15 }), HELSINKI);
      await mapIdle(wide);
      await expect.poll(() => drawnNames(wide, 'place-names')).toContain('הלסינקי');
      await wide.screenshot({ path: artifact('basemap-labels-desktop-he.png') });
      await desktop.close();
      expect(refusedDesktop).toEqual([]);
      expect(refused).toEqual([]);
    });
  },
);
