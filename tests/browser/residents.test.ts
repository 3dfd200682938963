/**
 * The resident's journeys in Chromium, on the demo town: choosing who it is for, filtering to
 * "free, this weekend, in Ukrainian", a detail and its .ics (parsed back), Hebrew right to left,
 * keyboard only, and axe-core over the main views. Screenshots at phone and desktop sizes.
 */
import fs from 'node:fs';
import ICAL from 'ical.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  seriousViolations,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

setGenerousWaits();

/** the map has drawn what it was given and the list shows results */
async function ready(page: Page) {
  await mapIdle(page);
  await page.locator('.feature-item').first().waitFor();
}

describe.skipIf(!browserAvailable())('residents in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(size: keyof typeof SIZES, path = '/', opts: { chosen?: boolean } = { chosen: true }) {
    const ctx = await newTestContext(browser, {
      viewport: SIZES[size],
      ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      acceptDownloads: true,
    });
    contexts.push(ctx);
    if (opts.chosen) await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
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
  });

  // every page a test opened is closed after it: open maps keep the software renderer busy
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('asks who it is for, shows "for you this week", and remembers the choice', async () => {
    const page = await open('desktop', '/', { chosen: false });
    const dialog = page.getByRole('dialog', { name: 'Who is this for?' });
    await dialog.getByRole('checkbox', { name: 'Seniors' }).check();
    await page.screenshot({ path: artifact('residents-audience-desktop.png') });
    // the main list asked again, seniors first (the list before it was not for anyone)
    const preferred = page.waitForResponse(
      (r) =>
        r.url().includes('/api/opportunities?') &&
        r.url().includes('limit=300') &&
        r.url().includes('prefer='),
    );
    await dialog.getByRole('button', { name: 'Show me' }).click();
    await preferred;
    await ready(page);
    const forYou = page.getByRole('region', { name: 'For you this week' });
    await expect.poll(() => forYou.locator('.feature-item').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: 'For: Seniors' }).count()).toBe(1);
    // activities meant for seniors come first in the main list: badged ones, then the others
    const badges = () =>
      page
        .getByRole('region', { name: 'Activities' })
        .locator('.feature-item')
        .evaluateAll((els) => els.map((e) => e.querySelector('.badge') !== null));
    const seniorsFirst = async () => {
      const b = await badges();
      const firstOther = b.indexOf(false);
      return b[0] === true && (firstOther < 0 || b.slice(firstOther).every((x) => !x));
    };
    await expect.poll(seniorsFirst).toBe(true);
    await page.reload();
    await ready(page);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'For: Seniors' }).count()).toBe(1);
  });

  it('filters to "free, this weekend, in Ukrainian", in the URL and on map and list together', async () => {
    // late on a Sunday nothing free in Ukrainian may be left of the weekend that is on (then the
    // Ukrainian filter is not even offered): the same journey is then made for this week
    const left = (await (
      await fetch(`${server.url}/api/opportunities?when=weekend&free=true&language=uk&limit=1`)
    ).json()) as { total: number };
    const when =
      left.total > 0 ? { label: 'This weekend', code: 'weekend' } : { label: 'This week', code: 'week' };
    for (const size of ['desktop', 'phone'] as const) {
      const page = await open(size);
      await ready(page);
      // on a phone the filters are a sheet of their own, closed with "Show N activities"
      if (size === 'phone') await page.getByRole('button', { name: /^Filters/ }).click();
      // each chip tapped as a finger does (its label, in view, not under the phone sheet's button)
      const tap = async (input: ReturnType<Page['getByRole']>) => {
        await input.locator('xpath=ancestor::label[1]').click();
        await expect.poll(() => input.isChecked()).toBe(true);
      };
      await tap(page.getByRole('radio', { name: when.label, exact: true }));
      await tap(page.getByRole('checkbox', { name: /Free only/ }));
      await tap(page.getByRole('checkbox', { name: /Ukrainian/ }));
      await expect.poll(() => new URL(page.url()).searchParams.get('lng')).toBe('uk');
      const url = new URL(page.url());
      expect(url.searchParams.get('when')).toBe(when.code);
      expect(url.searchParams.get('free')).toBe('1');
      const api = (await (
        await fetch(`${server.url}/api/opportunities?when=${when.code}&free=true&language=uk&limit=500`)
      ).json()) as { total: number; items: { name: string }[] };
      expect(api.total).toBeGreaterThan(0);
      if (size === 'phone') {
        const show = page.getByRole('button', { name: new RegExp(`^Show ${api.total} activit`) });
        await show.click();
        await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      }
      const list = page.getByRole('region', { name: 'Activities' });
      await expect.poll(() => list.locator('.feature-item').count()).toBe(api.total);
      await expect
        .poll(async () => (await list.locator('.feature-name').allTextContents()).sort())
        .toEqual(api.items.map((i) => i.name).sort());
      await expect
        .poll(() =>
          page.evaluate(() =>
            // the activities' symbols (their own source since footprints and symbols were split)
            window.__commonsMap?.getSource('src-programs-symbols')
              ? window.__commonsMap.querySourceFeatures('src-programs-symbols').length
              : -1,
          ),
        )
        .toBeGreaterThan(0);
      await expect
        // the result count (other live regions — copying a link, the e-mail form — have their own)
        .poll(() => page.locator('.count[role="status"]').textContent())
        .toMatch(new RegExp(`${api.total} results?`));
      await mapIdle(page);
      await page.screenshot({ path: artifact(`residents-filtered-${size}.png`), fullPage: size === 'phone' });
      if (size === 'desktop') expect(await seriousViolations(page)).toEqual([]);
      // the same URL opened afresh shows the same view
      const again = await open(size, `${url.pathname}${url.search}`);
      await ready(again);
      if (size === 'phone') await again.getByRole('button', { name: /^Filters \(3\)/ }).click();
      await expect.poll(() => again.getByRole('checkbox', { name: /Ukrainian/ }).isChecked()).toBe(true);
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
      await expect
        .poll(() => details.locator('.qr img').getAttribute('data-qr-url'))
        .toMatch(/\?item=programs:/);
      // the structured data follows the open detail
      const ld = async () =>
        JSON.parse(
          (await page.locator('script[type="application/ld+json"]').first().textContent()) ?? '{}',
        ) as { '@type': string; name: string };
      await expect.poll(ld).toMatchObject({ '@type': 'Event', name });
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        details.getByRole('link', { name: 'Add all dates to my calendar' }).click(),
      ]);
      const text = fs.readFileSync((await download.path()) as string, 'utf8');
      const ev = new ICAL.Component(ICAL.parse(text) as unknown[]).getFirstSubcomponent('vevent');
      expect(ev?.getFirstPropertyValue('summary')).toBe(name);
      expect(String(ev?.getFirstPropertyValue('rrule') ?? '')).toMatch(/FREQ=/);
      await mapIdle(page);
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
      // on a phone the filters are a sheet of their own, behind the button that names them
      if (size === 'phone') await page.getByRole('button', { name: 'מסננים', exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { name: 'מסננים' }).count()).toBe(1);
      if (size === 'desktop') {
        // the panel moved to the left of the map
        const panelLeftOfMap = async () => {
          const panel = await page.locator('#panel').boundingBox();
          const map = await page.locator('.map-area').boundingBox();
          return (panel?.x ?? 0) < (map?.x ?? 0);
        };
        await expect.poll(panelLeftOfMap).toBe(true);
      }
      await mapIdle(page);
      await page.screenshot({ path: artifact(`residents-hebrew-${size}.png`), fullPage: size === 'phone' });
      if (size === 'desktop') expect(await seriousViolations(page)).toEqual([]);
    }
  });

  it('can be used with the keyboard alone to reach and open a result', async () => {
    const page = await open('desktop');
    await ready(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Tab');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Skip to the list');
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
    await expect.poll(() => page.locator('#details-title').textContent()).toBe(name);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.details').count()).toBe(0);
  });
});
