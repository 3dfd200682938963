/**
 * The resident's journeys in Chromium, on the demo town: choosing who it is for, filtering to
 * "free, this weekend, in Ukrainian", a detail and its .ics (parsed back), Hebrew right to left,
 * keyboard only, and axe-core over the main views. Screenshots at phone and desktop sizes.
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { artifact, browserAvailable, launchBrowser } from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

async function ready(page: Page) {
  await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, {
    timeout: 30_000,
  });
  await page.waitForFunction(() => document.querySelectorAll('.feature-item').length > 0, null, {
    timeout: 30_000,
  });
}

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

describe.skipIf(!browserAvailable())('residents in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(size: keyof typeof SIZES, path = '/', opts: { chosen?: boolean } = { chosen: true }) {
    const ctx = await browser.newContext({
      viewport: SIZES[size],
      ...(size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      acceptDownloads: true,
    });
    contexts.push(ctx);
    await ctx.addInitScript(
      `window.__name = (f) => f; ${opts.chosen ? "localStorage.setItem('cm.audiences', '[]');" : ''}`,
    );
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('asks who it is for, shows "for you this week", and remembers the choice', async () => {
    const page = await open('desktop', '/', { chosen: false });
    const dialog = page.getByRole('dialog', { name: 'Who is this for?' });
    await dialog.getByRole('checkbox', { name: 'Seniors' }).check();
    await page.screenshot({ path: artifact('residents-audience-desktop.png') });
    await dialog.getByRole('button', { name: 'Show me' }).click();
    await ready(page);
    const forYou = page.getByRole('region', { name: 'For you this week' });
    await expect.poll(() => forYou.locator('.feature-item').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'For: Seniors' }).count()).toBe(1);
    // activities meant for seniors come first in the main list
    const badges = await page
      .getByRole('region', { name: 'Activities' })
      .locator('.feature-item')
      .evaluateAll((els) => els.map((e) => e.querySelector('.badge') !== null));
    expect(badges[0]).toBe(true);
    const firstOther = badges.indexOf(false);
    if (firstOther >= 0) expect(badges.slice(firstOther).every((b) => !b)).toBe(true);
    await page.reload();
    await ready(page);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'For: Seniors' }).count()).toBe(1);
  });

  it('filters to "free, this weekend, in Ukrainian", in the URL and on map and list together', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const page = await open(size);
      await ready(page);
      await page.getByRole('radio', { name: 'This weekend' }).check({ force: true });
      await page.getByRole('checkbox', { name: /Free only/ }).check({ force: true });
      await page.getByRole('checkbox', { name: /Ukrainian/ }).check({ force: true });
      await expect.poll(() => new URL(page.url()).searchParams.get('lng')).toBe('uk');
      const url = new URL(page.url());
      expect(url.searchParams.get('when')).toBe('weekend');
      expect(url.searchParams.get('free')).toBe('1');
      const api = (await (
        await fetch(`${server.url}/api/opportunities?when=weekend&free=true&language=uk&limit=500`)
      ).json()) as { total: number; items: { name: string }[] };
      expect(api.total).toBeGreaterThan(0);
      const list = page.getByRole('region', { name: 'Activities' });
      await expect.poll(() => list.locator('.feature-item').count()).toBe(api.total);
      expect((await list.locator('.feature-name').allTextContents()).sort()).toEqual(
        api.items.map((i) => i.name).sort(),
      );
      await expect
        .poll(() =>
          page.evaluate(() =>
            window.__commonsMap?.getSource('src-programs')
              ? window.__commonsMap.querySourceFeatures('src-programs').length
              : -1,
          ),
        )
        .toBeGreaterThan(0);
      expect(await page.getByRole('status').textContent()).toMatch(new RegExp(`${api.total} results?`));
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true');
      await page.screenshot({ path: artifact(`residents-filtered-${size}.png`), fullPage: size === 'phone' });
      if (size === 'desktop') expect(await seriousViolations(page)).toEqual([]);
      // the same URL opened afresh shows the same view
      const again = await open(size, `${url.pathname}${url.search}`);
      await ready(again);
      expect(await again.getByRole('checkbox', { name: /Ukrainian/ }).isChecked()).toBe(true);
      await expect
        .poll(() => again.getByRole('region', { name: 'Activities' }).locator('.feature-item').count())
        .toBe(api.total);
    }
  });

  it('opens a detail, and its calendar file parses back with the series', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const page = await open(size, '/?when=week');
      await ready(page);
      const item = page.getByRole('region', { name: 'Activities' }).locator('.feature-item').first();
      const name = (await item.locator('.feature-name').textContent()) ?? '';
      await item.click();
      const details = page.getByRole('region', { name });
      await expect.poll(() => details.locator('.dates li').count()).toBeGreaterThan(0);
      await expect.poll(() => details.locator('.qr img').count()).toBe(1);
      const qrUrl = await details.locator('.qr img').getAttribute('data-qr-url');
      expect(qrUrl).toMatch(/\?item=programs:/);
      const ld = JSON.parse(
        (await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}',
      ) as { '@type': string; name: string };
      expect(ld).toMatchObject({ '@type': 'Event', name });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        details.getByRole('link', { name: 'Add all dates to my calendar' }).click(),
      ]);
      const text = fs.readFileSync((await download.path()) as string, 'utf8');
      const ev = new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent');
      expect(ev?.getFirstPropertyValue('summary')).toBe(name);
      expect(String(ev?.getFirstPropertyValue('rrule') ?? '')).toMatch(/FREQ=/);
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true');
      await page.screenshot({ path: artifact(`residents-detail-${size}.png`), fullPage: size === 'phone' });
      if (size === 'desktop') expect(await seriousViolations(page)).toEqual([]);
    }
  });

  it('switches to Hebrew: the whole layout runs right to left', async () => {
    for (const size of ['desktop', 'phone'] as const) {
      const page = await open(size);
      await ready(page);
      await page.getByRole('combobox', { name: 'Language' }).selectOption('he');
      await expect
        .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
        .toEqual(['he', 'rtl']);
      expect(await page.getByRole('heading', { name: 'מסננים' }).count()).toBe(1);
      if (size === 'desktop') {
        const panel = await page.locator('#panel').boundingBox();
        const map = await page.locator('.map-area').boundingBox();
        expect((panel?.x ?? 0) < (map?.x ?? 0)).toBe(true); // the panel moved to the left
      }
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true');
      await page.screenshot({ path: artifact(`residents-hebrew-${size}.png`), fullPage: size === 'phone' });
      if (size === 'desktop') expect(await seriousViolations(page)).toEqual([]);
    }
  });

  it('can be used with the keyboard alone to reach and open a result', async () => {
    const page = await open('desktop');
    await ready(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the list');
    await page.keyboard.press('Enter');
    let reached = false;
    for (let i = 0; i < 120 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.classList.contains('feature-item') ?? false,
      );
    }
    expect(reached).toBe(true);
    const name = await page.evaluate(
      () => document.activeElement?.querySelector('.feature-name')?.textContent ?? '',
    );
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('details-title');
    expect(await page.locator('#details-title').textContent()).toBe(name);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.details').count()).toBe(0);
  });
});
