/**
 * What the residents' journeys (issue 14, item 7: tests/browser/journey-*.test.ts) share: the four
 * ways each is made — a 390 × 844 touch phone and a 1 440 × 900 desktop, in English and Hebrew —
 * one server and one browser per file, nothing fetched from another host, the filters reached the
 * way each layout offers them (the phone's sheet, the desktop's panel), and axe-core.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { artifact, launchBrowser, newTestContext, refuseOtherHosts } from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

export type Size = 'phone' | 'desktop';
export type Lang = 'en' | 'he';
export const WAYS: [Size, Lang][] = [
  ['phone', 'en'],
  ['phone', 'he'],
  ['desktop', 'en'],
  ['desktop', 'he'],
];

const CONTEXTS: Record<Size, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1440, height: 900 } },
};

/** the words a journey looks for, in each language */
export const WORDS = {
  en: {
    filters: /^Filters/,
    show: /^Show (\d+) activit/,
    week: 'This week',
    weekend: 'This weekend',
    social: /^Meet people/,
    seniors: 'Seniors',
    showMe: 'Show me',
    addSeries: 'Add all dates to my calendar',
    free: /^Free only/,
    morning: 'Morning',
    age: 'Age of the person (years)',
    activities: 'Activities',
    results: (n: number) => new RegExp(`^${n} results?$`),
  },
  he: {
    filters: /^מסננים/,
    show: /^הצגת (\d+ פעילויות|פעילות אחת)/,
    week: 'השבוע',
    weekend: 'בסוף השבוע',
    social: /^מפגשים חברתיים/,
    seniors: 'גיל הזהב',
    showMe: 'הצגה',
    addSeries: 'הוספת כל המועדים ליומן',
    free: /^ללא תשלום בלבד/,
    morning: 'בוקר',
    age: 'גיל האדם (בשנים)',
    activities: 'פעילויות',
    results: (n: number) => (n === 1 ? /^תוצאה אחת$/ : new RegExp(`^${n} תוצאות$`)),
  },
} as const;

export interface Harness {
  server: RunningServer;
  browser: Browser;
  close: () => Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const database: TestDatabase = await openTestDatabase('pglite');
  const server = await startServer({
    config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    database,
    onProgress: () => {},
  });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await database.close();
    },
  };
}

export interface Visit {
  page: Page;
  ctx: BrowserContext;
  /** requests to another host (refused): must stay empty */
  refused: string[];
}

/** a first visit (the audience not chosen yet, unless `chosen`) in the given way */
export async function visit(h: Harness, size: Size, lang: Lang, path = '/', chosen = false): Promise<Visit> {
  const ctx = await newTestContext(h.browser, { ...CONTEXTS[size], acceptDownloads: true });
  const refused = await refuseOtherHosts(ctx, h.server.url);
  if (chosen) await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
  const page = await ctx.newPage();
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${h.server.url}${path}${sep}lang=${lang}`);
  return { page, ctx, refused };
}

/** opens the filters: the phone's sheet (the desktop's are in the panel already) */
export async function openFilters(page: Page, size: Size, lang: Lang): Promise<void> {
  if (size === 'phone') {
    await page.getByRole('button', { name: WORDS[lang].filters }).click();
    await page.getByRole('dialog').waitFor();
  }
}

/** closes the phone's filters sheet with its "Show N activities" button; returns N (null on a desktop) */
export async function showResults(page: Page, size: Size, lang: Lang, expected: number): Promise<void> {
  if (size !== 'phone') return;
  const button = page.getByRole('dialog').locator('.show-results');
  // the button's count is the answer to the filters chosen: wait for it, then tap it
  await expect.poll(() => button.getAttribute('aria-busy')).toBe('false');
  const text = (await button.textContent()) ?? '';
  expect(text).toMatch(WORDS[lang].show);
  if (expected === 1) expect(text).toMatch(/\b1\b|אחת/);
  else expect(text).toContain(String(expected));
  await button.click();
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: artifact(`${name}.png`) });
}

/** the activities listed (all of them: "Show more" pressed until it is gone), names made plain */
export async function listed(page: Page, lang: Lang): Promise<string[]> {
  const region = page.getByRole('region', { name: WORDS[lang].activities, exact: true });
  while ((await region.locator('button.more').count()) > 0) await region.locator('button.more').click();
  const names = await region.locator('.feature-name').allTextContents();
  return names.map(plain).sort();
}

export const plain = (s: string) => s.replace(/[\s\u00a0\u202f\u2068\u2069]+/gu, ' ').trim();

export async function json<T>(h: Harness, path: string): Promise<T> {
  const res = await fetch(`${h.server.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/**
 * taps a filter chip (a checkbox or radio drawn as its label) as a finger does: the label, brought
 * into view and not covered (the phone's sheet has a sticky button at its foot), then checks it took
 */
export async function tapChip(page: Page, role: 'checkbox' | 'radio', name: string | RegExp): Promise<void> {
  const input = page.getByRole(role, { name, exact: typeof name === 'string' });
  await input.locator('xpath=ancestor::label[1]').click();
  await expect.poll(() => input.isChecked()).toBe(true);
}
