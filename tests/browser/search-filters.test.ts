/**
 * Issue 14, item 6 in Chromium: near a chosen point the list is nearest first and the count gives
 * activities and places apart ("15 results near" was 1 activity and 14 places); the time-of-day
 * and age filters live in the filter panel and the URL; the search finds a kind of place and a
 * category in Ukrainian with a typo, and same-name hits say which is which. Phone (390 × 844,
 * touch) and desktop, English and Hebrew; nothing is fetched from another host.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  refuseOtherHosts,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1440, height: 900 } } as const;
/** spaces of every kind as one space, isolation marks dropped */
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u2068\u2069]+/gu, ' ').trim();

interface Item {
  id: string;
  name: string;
  distance_m: number | null;
}

describe.skipIf(!browserAvailable())('nearby, search and the new filters in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: { ctx: BrowserContext; refused: string[] }[] = [];

  async function json<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  async function open(size: keyof typeof SIZES, path: string): Promise<Page> {
    const ctx = await newTestContext(browser, {
      viewport: SIZES[size],
      ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}),
    });
    const refused = await refuseOtherHosts(ctx, server.url);
    contexts.push({ ctx, refused });
    await ctx.addInitScript("localStorage.setItem('cm.audiences', '[\"seniors\"]');");
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }
  const status = (page: Page) => page.locator('.count[role="status"]');
  /** on a phone the filters are a sheet opened by its button */
  const openFilters = async (page: Page) => {
    const button = page.locator('.filters-button');
    if (await button.isVisible()) await button.click();
  };
  const activityNames = async (page: Page) =>
    (await page.locator('section.list').first().locator('.feature-name').allTextContents()).map(norm);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
  });
  afterEach(async () => {
    for (const { ctx, refused } of contexts.splice(0)) {
      await ctx.close();
      expect(refused, 'requests to other hosts').toEqual([]);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('near a point: nearest first, and activities and places counted apart', async () => {
    // a point of the demo town where activities for seniors lie farther than others
    const [lon, lat] = [3.50308, 54.48552];
    const near = `lon=${lon}&lat=${lat}&radius_m=1500`;
    const api = await json<{ total: number; items: Item[] }>(
      `/api/opportunities?${near}&prefer=seniors&sort=distance&limit=300&lang=en`,
    );
    const places = await json<Item[]>(`/api/nearby?${near}&layers=gardens,parks,centres&limit=50&lang=en`);
    expect(api.total).toBeGreaterThan(0);
    const page = await open('desktop', `/?near=${lon},${lat}&lang=en`);
    await expect
      .poll(async () => norm((await status(page).textContent()) ?? ''))
      .toBe(`${api.total} activities near the chosen point · ${places.length} places nearby`);
    // the list shows its first 40
    await expect.poll(() => activityNames(page)).toEqual(api.items.slice(0, 40).map((i) => norm(i.name)));
    const d = api.items.map((i) => i.distance_m ?? 0);
    expect(d).toEqual([...d].sort((a, b) => a - b));

    // "happening now": the activities' count is its own, whatever the places
    const now = await json<{ total: number }>(`/api/opportunities?${near}&now=true&limit=1`);
    await openFilters(page);
    await page.getByRole('checkbox', { name: 'Happening now' }).check({ force: true });
    await expect
      .poll(async () => norm((await status(page).textContent()) ?? ''))
      .toMatch(new RegExp(`^${now.total} activit(y|ies) near the chosen point · ${places.length} places nearby$`));

    // two hits with the same name say which is which (place, neighbourhood, next dates)
    await page.getByRole('searchbox').fill('Book club');
    const same = page.locator('.search-hits li[data-type="opportunity"]').filter({ hasText: /^Book club/ });
    await expect.poll(() => same.count()).toBeGreaterThan(1);
    const metas = (await same.locator('.feature-meta').allTextContents()).map(norm);
    expect(new Set(metas).size, metas.join(' | ')).toBe(metas.length);
    await page.screenshot({ path: artifact('search-same-name-desktop-en.png') });
  });

  it('filters by time of day and age, kept in the URL (phone, English and Hebrew)', async () => {
    const page = await open('phone', '/?lang=en');
    await openFilters(page);
    const filters = page.getByRole('region', { name: 'Filters' });
    await filters.getByRole('checkbox', { name: 'Morning' }).check({ force: true });
    await filters.getByRole('spinbutton', { name: 'Age of the person (years)' }).fill('2');
    await expect.poll(() => new URL(page.url()).searchParams.get('tod')).toBe('morning');
    await expect.poll(() => new URL(page.url()).searchParams.get('age')).toBe('2');
    const want = await json<{ total: number; items: Item[] }>(
      '/api/opportunities?time_of_day=morning&age=2&limit=300&prefer=seniors&lang=en',
    );
    expect(want.total).toBeGreaterThan(0);
    await expect.poll(async () => norm((await status(page).textContent()) ?? '')).toMatch(new RegExp(`^${want.total} results?$`));
    await expect.poll(() => activityNames(page)).toEqual(want.items.slice(0, 40).map((i) => norm(i.name)));
    const box = await filters.getByRole('spinbutton', { name: 'Age of the person (years)' }).boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await filters.getByRole('checkbox', { name: 'Morning' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('search-filters-phone-en.png') });

    // the same view opened afresh, in Hebrew: the panel shows the filters of the URL
    const he = await open('phone', `/?lang=he&tod=morning,evening&age=75`);
    await openFilters(he);
    const panel = he.getByRole('region', { name: 'מסננים' });
    await expect.poll(() => panel.getByRole('checkbox', { name: 'בוקר' }).isChecked()).toBe(true);
    expect(await panel.getByRole('checkbox', { name: 'ערב' }).isChecked()).toBe(true);
    expect(await panel.getByRole('checkbox', { name: 'אחר הצהריים' }).isChecked()).toBe(false);
    expect(await panel.getByRole('spinbutton').inputValue()).toBe('75');
    await panel.getByRole('spinbutton').scrollIntoViewIfNeeded();
    await he.screenshot({ path: artifact('search-filters-phone-he.png') });
  });

  it('finds libraries and food in Ukrainian with a typo (phone)', async () => {
    const page = await open('phone', '/?lang=uk');
    const box = page.getByRole('searchbox');
    await box.fill('бібліотка');
    const hits = page.locator('.search-hits li');
    await expect.poll(() => hits.filter({ hasText: 'Бібліотека' }).count()).toBeGreaterThan(1);
    await page.screenshot({ path: artifact('search-typo-phone-uk.png') });

    await box.fill('їжа');
    const category = page.locator('.search-hits li[data-type="category"]');
    await expect.poll(() => category.count()).toBe(1);
    expect(norm((await category.textContent()) ?? '')).toContain('Продовольча допомога');
    await category.getByRole('button').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cat')).toBe('food-support');
  });
});
