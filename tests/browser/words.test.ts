/**
 * Issue 14, item 6 — language and formats, in Chromium on the demo town (Europe/Amsterdam):
 * the first visit asks the language first (autonyms, preselected from the browser's language) at
 * 390 × 844 touch and 1 440 × 900; the list and search mark titles not in the reader's language;
 * times read on a 24-hour clock for an English reader in a European town; a place's opening hours
 * read as words per day; the kiosk shows "€2", never "2 EUR", and marks untranslated titles.
 * Nothing is fetched from another host. Screenshots in tests/artifacts/words-*.png.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
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

const TOKEN = 'words-test-token';
const KIOSK = 'words-lobby';
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1440, height: 900 } };

setGenerousWaits();

describe.skipIf(!browserAvailable())('language and formats in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: { ctx: BrowserContext; refused: string[] }[] = [];

  async function open(options: BrowserContextOptions, path: string, chosen = true): Promise<Page> {
    const ctx = await newTestContext(browser, options);
    const refused = await refuseOtherHosts(ctx, server.url);
    contexts.push({ ctx, refused });
    if (chosen) await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN },
      database,
      onProgress: () => {},
    });
    const kiosk = await fetch(`${server.url}/api/admin/kiosks/${KIOSK}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        centre: 'kestrel-rise-community-centre',
        default_language: 'en',
        idle_seconds: 600,
      }),
    });
    expect(kiosk.status).toBe(200);
    browser = await launchBrowser();
  });

  // nothing came from another host; every page closed (open maps keep the renderer busy)
  afterEach(async () => {
    for (const { ctx, refused } of contexts.splice(0)) {
      await ctx.close();
      expect(refused).toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  /** a community centre whose opening hours are "Mo-Fr 09:00-21:00; Sa 10:00-16:00" */
  async function centreWithHours(): Promise<string> {
    const places = (await (await fetch(`${server.url}/api/layers/centres`)).json()) as {
      features: { properties: { id: string } }[];
    };
    for (const f of places.features) {
      const d = (await (await fetch(`${server.url}/api/places/${f.properties.id}`)).json()) as {
        opening_hours: string | null;
      };
      if (d.opening_hours === 'Mo-Fr 09:00-21:00; Sa 10:00-16:00') return f.properties.id;
    }
    throw new Error('no centre with the expected opening hours in the demo town');
  }

  /** the opening hours read as words per day, not OSM code, and the list's times without AM/PM */
  async function expectWordsAndClock(page: Page, days: string[]) {
    const hours = page.locator('.details .hours-words');
    await expect.poll(() => hours.locator('.hours-days').allTextContents()).toEqual(days);
    expect(await hours.textContent()).toContain('21:00');
    expect(await page.locator('.details').textContent()).not.toContain('Mo-Fr');
    await expect.poll(() => page.locator('.feature-item time').count()).toBeGreaterThan(0);
    for (const t of await page.locator('.feature-item time').allTextContents()) {
      expect(t).toMatch(/\d{1,2}:\d{2}/);
      expect(t).not.toMatch(/AM|PM/);
    }
  }

  it('on a phone, the first visit asks the language first (autonyms, the browser’s chosen); Hebrew turns everything', async () => {
    const centre = await centreWithHours();
    const page = await open({ ...PHONE, locale: 'uk-UA' }, `/?item=centres:${centre}`, false);
    const dialog = page.locator('dialog.audience-dialog');
    const languages = dialog.locator('fieldset.first-language');
    await languages.waitFor();
    // each language in its own script, the browser's one chosen, the page already in it
    expect(await languages.locator('label').allTextContents()).toEqual([
      'English',
      'Français',
      'עברית',
      'Polski',
      'Українська',
      'Русский',
    ]);
    await expect.poll(() => languages.getByRole('radio', { name: 'Українська' }).isChecked()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('uk');
    // the language comes before the audience question, on the first screen of the phone
    const before = await dialog.evaluate((d) => {
      const fs = d.querySelector('fieldset.first-language');
      const h = d.querySelector('#audience-title');
      return !!fs && !!h && (fs.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    });
    expect(before).toBe(true);
    const box = await languages.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 844).toBe(true);
    // every language is a target a finger can hit
    for (const h of await languages
      .locator('label')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))
      expect(h).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: artifact('words-first-visit-phone-uk.png') });
    // choosing Hebrew turns the whole page, dialog included, right to left at once
    await languages.getByText('עברית').tap();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect.poll(() => dialog.locator('#audience-title').textContent()).not.toBe('Для кого?');
    await page.screenshot({ path: artifact('words-first-visit-phone-he.png') });
    await dialog.locator('.dialog-buttons button.secondary').tap();
    await expectWordsAndClock(page, ['יום שני–יום שישי', 'יום שבת', 'יום ראשון']);
    await page.locator('.details').screenshot({ path: artifact('words-hours-phone-he.png') });
  });

  it('on a desktop in English: 24-hour times and hours in words; in Ukrainian, untranslated titles marked in list and search', async () => {
    const centre = await centreWithHours();
    const page = await open({ ...DESKTOP, locale: 'en-GB' }, `/?item=centres:${centre}`, false);
    const languages = page.locator('dialog.audience-dialog fieldset.first-language');
    await languages.waitFor();
    await expect.poll(() => languages.getByRole('radio', { name: 'English' }).isChecked()).toBe(true);
    await page.screenshot({ path: artifact('words-first-visit-desktop-en.png') });
    await page.locator('dialog.audience-dialog .dialog-buttons button.secondary').click();
    await expectWordsAndClock(page, ['Monday–Friday', 'Saturday', 'Sunday']);
    await page.locator('.details').screenshot({ path: artifact('words-hours-desktop-en.png') });

    await page.getByRole('combobox', { name: 'Language' }).selectOption('uk');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('uk');
    // an item in English carries the mark, one in Ukrainian does not
    const marks = () =>
      page.locator('.feature-item[data-layer="programs"]').evaluateAll((els) =>
        els.map((e) => ({
          lang: e.querySelector('.feature-name')?.getAttribute('lang'),
          mark: e.querySelector('.lang-mark') !== null,
        })),
      );
    await expect.poll(async () => (await marks()).some((m) => m.lang === 'uk')).toBe(true);
    const seen = await marks();
    expect(seen.some((m) => m.lang === 'en')).toBe(true);
    for (const m of seen) expect(m.mark, String(m.lang)).toBe(m.lang !== 'uk');

    await page.getByRole('searchbox').fill('Chair yoga');
    const hit = page.locator('.search-hits li', { hasText: 'Chair yoga' }).first();
    await hit.waitFor();
    expect(await hit.locator('.lang-mark').textContent()).toContain('англійська');
    await page.screenshot({ path: artifact('words-marks-desktop-uk.png') });
  });

  it('the kiosk shows money like the web ("€2", never "2 EUR") and marks untranslated titles', async () => {
    const page = await open({ viewport: { width: 1080, height: 1920 }, hasTouch: true }, `/kiosk/${KIOSK}`);
    await page.locator('.k-attract').click();
    const items = page.locator('.k-item');
    await items.first().waitFor();
    // an activity with a price: one whose title (every activity of that title) names an amount
    const all = (await (await fetch(`${server.url}/api/opportunities?limit=500&lang=en`)).json()) as {
      items: { id: string; name: string; free: boolean }[];
    };
    const titles = await items.locator('.k-item-title').allTextContents();
    let index = -1;
    for (const [i, title] of titles.entries()) {
      const same = all.items.filter((x) => x.name === title);
      if (!same.length || same.some((x) => x.free)) continue;
      const details = await Promise.all(
        same.map(
          async (x) =>
            (await (await fetch(`${server.url}/api/opportunities/${x.id}`)).json()) as {
              cost: { amount?: number };
            },
        ),
      );
      if (details.every((d) => typeof d.cost.amount === 'number')) {
        index = i;
        break;
      }
    }
    expect(index).toBeGreaterThanOrEqual(0);
    await items.nth(index).click();
    const dd = page.locator('.k-detail dt', { hasText: 'Cost' }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => dd.textContent()).toMatch(/\d/);
    const cost = (await dd.textContent()) ?? '';
    expect(cost).toMatch(/^€\d+(\.\d\d)?/);
    expect(cost).not.toContain('EUR');
    await page.screenshot({ path: artifact('words-kiosk-cost-en.png') });
    await page.locator('.k-close').click();
    // in Ukrainian, titles that have no Ukrainian are marked in the list
    await page.locator('.k-langs button[lang="uk"]').click();
    await expect.poll(() => page.locator('.k-item .lang-mark').count()).toBeGreaterThan(0);
    const marked = await page
      .locator('.k-item')
      .evaluateAll((els) =>
        els.map((e) => [
          e.querySelector('.k-item-title')?.getAttribute('lang'),
          e.querySelector('.lang-mark') !== null,
        ]),
      );
    for (const [lang, mark] of marked) expect(mark, String(lang)).toBe(lang !== 'uk');
    await page
      .locator('.k-item:has(.lang-mark)')
      .first()
      .screenshot({ path: artifact('words-kiosk-marks-uk.png') });
  });
});
