/**
 * What kiosk visitors told us (issue 14, item 6), at the kiosk's own sizes, in English and
 * Hebrew: "touch to start" is said in every language the kiosk offers; the results stay in
 * sight while the on-screen keyboard is open; and the kiosk asks "Still there?" (continue /
 * start over) before it forgets a visitor. One server, one browser; nothing from another host.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import en from '../../web/i18n/locales/en.ts';
import fr from '../../web/i18n/locales/fr.ts';
import he from '../../web/i18n/locales/he.ts';
import pl from '../../web/i18n/locales/pl.ts';
import ru from '../../web/i18n/locales/ru.ts';
import uk from '../../web/i18n/locales/uk.ts';
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

const TOKEN = 'kiosk-touch-token';
const CENTRE = 'kestrel-rise-community-centre';
/** an English kiosk that forgets quickly, and a Hebrew one that does not (for the other tests) */
const QUICK = 'kestrel-quick';
const HEBREW = 'kestrel-hebrew';
const IDLE_SECONDS = 6;
const SIZES = { portrait: { width: 1080, height: 1920 }, landscape: { width: 1920, height: 1080 } } as const;
const LOCALES = { en, fr, he, pl, uk, ru } as const;

setGenerousWaits();

/**
 * A visitor at the screen: a wheel event every second arms the idle time-out again, as a touch
 * does, so the kiosk does not ask or reset under the test's own (possibly slow) steps.
 */
const VISITOR_PRESENT = `
  window.__cmVisitor = setInterval(() => window.dispatchEvent(new Event('wheel')), 1000);
`;
async function visitorLeaves(page: Page) {
  await page.evaluate(() => clearInterval((window as unknown as { __cmVisitor?: number }).__cmVisitor));
}

/** whether an element is inside the window and what a finger there would touch is that element */
function inSight(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && (hit === el || el.contains(hit));
  }, selector);
}

describe.skipIf(!browserAvailable())('kiosk: start, search and leave by touch', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const refused: string[] = [];

  async function open(size: keyof typeof SIZES, slug: string): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: SIZES[size], hasTouch: true });
    contexts.push(ctx);
    const list = await refuseOtherHosts(ctx, server.url);
    ctx.on('close', () => refused.push(...list));
    await ctx.addInitScript(VISITOR_PRESENT);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/kiosk/${slug}`);
    await page.waitForSelector('.k-attract');
    await mapIdle(page);
    return page;
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN },
      database,
      onProgress: () => {},
    });
    const put = (slug: string, body: object) =>
      fetch(`${server.url}/api/admin/kiosks/${slug}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ centre: CENTRE, ...body }),
      });
    expect((await put(QUICK, { default_language: 'en', idle_seconds: IDLE_SECONDS })).status).toBe(200);
    expect((await put(HEBREW, { default_language: 'he', idle_seconds: 600 })).status).toBe(200);
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
    // nothing the kiosk showed came from another host
    expect(refused).toEqual([]);
  });

  it('says "touch to start" in every language it offers, each in its own script and direction', async () => {
    const page = await open('portrait', HEBREW);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('he');
    for (const [lang, strings] of Object.entries(LOCALES)) {
      const line = page.locator(`.k-attract [lang="${lang}"]`, { hasText: strings.kiosk.start });
      expect(await line.count(), lang).toBe(1);
      expect(await line.isVisible(), lang).toBe(true);
      expect(await line.getAttribute('dir'), lang).toBe(lang === 'he' ? 'rtl' : 'ltr');
    }
    // the kiosk's own language first, largest
    const first = page.locator('.k-attract-start [lang]').first();
    expect(await first.getAttribute('lang')).toBe('he');
    await page.screenshot({ path: artifact('kiosk-touch-attract-he-portrait.png') });
  });

  for (const [size, slug] of [
    ['portrait', QUICK],
    ['landscape', HEBREW],
  ] as const) {
    it(`keeps the results in sight while the on-screen keyboard is open (${size}, ${slug})`, async () => {
      const page = await open(size, slug);
      await page.locator('.k-attract').click();
      await page.waitForSelector('.k-item');
      await page.locator('.k-when button[aria-pressed]').last().click();
      await page.waitForSelector('.k-keyboard');
      // type the first letter of an activity's name that the keyboard of the language has
      const keys = new Set(await page.locator('.k-key').allTextContents());
      const title = (await page.locator('.k-item .k-item-title').first().textContent()) ?? '';
      const letter = [...title.toLowerCase()].find((c) => keys.has(c));
      if (!letter) throw new Error(`no key on the ${slug} keyboard for any letter of "${title}"`);
      await page.locator('.k-key', { hasText: new RegExp(`^${letter}$`) }).click();
      await expect.poll(() => page.locator('.k-search-text').textContent()).toBe(letter);
      await expect.poll(() => page.locator('.k-item').count()).toBeGreaterThan(0);
      // the count, every key and the first results (three, or all if fewer) are on the screen,
      // whole, and nothing lies over them
      await expect.poll(() => inSight(page, '#k-count')).toBe(true);
      const sight = await page.evaluate(() => {
        const whole = (el: Element) => {
          const r = el.getBoundingClientRect();
          if (r.width < 1 || r.top < 0 || r.bottom > window.innerHeight) return false;
          return [r.top + 3, r.top + r.height / 2, r.bottom - 3].every((y) => {
            const hit = document.elementFromPoint(r.left + r.width / 2, y);
            return hit !== null && el.contains(hit);
          });
        };
        const items = [...document.querySelectorAll('.k-item')];
        return {
          items: items.length,
          itemsInSight: items.filter(whole).length,
          keysInSight: [...document.querySelectorAll('.k-key')].every(whole),
        };
      });
      expect(sight.keysInSight).toBe(true);
      expect(sight.itemsInSight).toBeGreaterThanOrEqual(Math.min(3, sight.items));
      await page.screenshot({ path: artifact(`kiosk-touch-keyboard-${size}-${slug === HEBREW ? 'he' : 'en'}.png`) });
    });
  }

  it('asks "Still there?" before it starts again: continue keeps the visit, no answer or "start over" ends it', async () => {
    const page = await open('landscape', QUICK);
    await page.locator('.k-attract').click();
    const pressed = page.locator('.k-choose .k-buttons:not(.k-when) button[aria-pressed="true"]');
    await page.locator('.k-choose .k-buttons:not(.k-when) button').nth(3).click();
    const chosen = (await pressed.first().textContent()) ?? '';
    expect(chosen).not.toBe(en.kiosk.everything);
    // nobody touches the screen: after the idle time the kiosk asks, and keeps everything meanwhile
    await visitorLeaves(page);
    const ask = page.getByRole('alertdialog', { name: en.kiosk.stillThere });
    await ask.waitFor();
    // the question waits longer for this test's (maybe slow) answer: a race with its countdown
    // would test the machine's speed, not the kiosk
    await page.evaluate(() => window.__commonsKiosk?.ask(600));
    expect(await page.locator('.k-attract').count()).toBe(0);
    // "Continue": the visit goes on where it was
    await ask.getByRole('button', { name: en.kiosk.continue }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await page.locator('.k-attract').count()).toBe(0);
    expect(await pressed.first().textContent()).toBe(chosen);
    // still nobody: asked again, and without an answer the kiosk starts again by itself
    await ask.waitFor();
    await page.waitForSelector('.k-attract');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.locator('.k-attract').click();
    await expect.poll(() => pressed.first().textContent()).toBe(en.kiosk.everything);
    // "Start over" ends a visit at once (asked now rather than after another idle time)
    await page.evaluate(() => window.__commonsKiosk?.ask(600));
    await ask.getByRole('button', { name: en.kiosk.startOver }).click();
    await page.waitForSelector('.k-attract');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('asks with the focus on "Continue", in English and in Hebrew, right to left', async () => {
    const page = await open('portrait', HEBREW);
    await page.locator('.k-attract').click();
    await page.waitForSelector('.k-item');
    // a touch answers the question: from here on only the test's own taps touch the screen
    await visitorLeaves(page);
    for (const lang of ['he', 'en'] as const) {
      if (lang === 'en') {
        await page.getByRole('button', { name: 'English', exact: true }).click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
      const strings = LOCALES[lang].kiosk;
      // the idle time-out's question, without waiting ten minutes for it
      await page.evaluate(() => window.__commonsKiosk?.ask(600));
      const ask = page.getByRole('alertdialog', { name: strings.stillThere });
      await ask.waitFor();
      expect(await ask.evaluate((el) => getComputedStyle(el).direction)).toBe(lang === 'he' ? 'rtl' : 'ltr');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(strings.continue);
      expect(await ask.getByRole('button', { name: strings.startOver }).isVisible()).toBe(true);
      await page.screenshot({ path: artifact(`kiosk-touch-still-there-${lang}-portrait.png`) });
      await ask.getByRole('button', { name: strings.continue }).click();
      await ask.waitFor({ state: 'detached' });
      expect(await page.locator('.k-attract').count()).toBe(0);
    }
  });
});
