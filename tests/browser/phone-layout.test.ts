/**
 * The resident app on a 390 × 844 touch phone (issue 14, item 1), in English and Hebrew: the page
 * never scrolls past one screen, the first activity is on the first screen once the audience is
 * chosen, every tap target measures at least 44 × 44 px and the text at least 16 px (in each state:
 * the list, the whole list, the filters sheet, a detail, search hits), Back walks back through
 * the app's states, a visible loading state while results load and never an older answer over a
 * newer one. At 1 440 × 900 the side panel stays. Nothing is fetched from another host.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

setGenerousWaits();

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SENIORS_HE = 'גיל הזהב';
const WORDS = {
  en: {
    filters: /^Filters/,
    list: 'List',
    map: 'Map',
    show: /^Show \d+ activit/,
    close: 'Close filters',
    seniors: 'Seniors',
    showMe: 'Show me',
    dialog: 'Who is this for?',
  },
  he: {
    filters: /^מסננים/,
    list: 'רשימה',
    map: 'מפה',
    show: /^הצגת/,
    close: 'סגירת המסננים',
    seniors: SENIORS_HE,
    showMe: 'הצגה',
    dialog: 'למי זה מיועד?',
  },
} as const;

/**
 * Every visible, touchable control on the page that is smaller than 44 × 44 px (or reaches past the
 * screen's sides), and every visible text smaller than 16 px. A checkbox or radio (or a control
 * drawn invisible) is measured by the label that holds it: that is what the finger touches.
 */
async function problems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const W = window.innerWidth;
    const seen = new Set<Element>();
    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"`;
    const shown = (el: Element) =>
      !el.closest('[inert]') && el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(selector)) {
      if (!shown(el)) continue;
      let target: Element = el;
      const r0 = el.getBoundingClientRect();
      const label = el.closest('label');
      if (
        label &&
        (el.matches('input[type="checkbox"], input[type="radio"]') || r0.width < 4 || r0.height < 4)
      )
        target = label;
      if (seen.has(target)) continue;
      seen.add(target);
      const r = target.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      // off the screen on purpose (the skip link until it has focus)
      if (r.bottom <= 0 || r.right <= 0 || r.left >= W) continue;
      if (r.width < 43.5 || r.height < 43.5)
        out.push(`${describe(target)}: ${Math.round(r.width)} × ${Math.round(r.height)} px`);
      else if (r.left < -0.5 || r.right > W + 0.5) out.push(`${describe(target)}: beyond the screen`);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || seen.has(el)) continue;
      seen.add(el);
      if (
        !shown(el) ||
        el.closest('.sr-only, script, style, .maplibregl-ctrl-attrib-inner, .maplibregl-ctrl-scale')
      )
        continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.bottom <= 0) continue;
      const size = Number.parseFloat(getComputedStyle(el).fontSize);
      if (size < 15.9) out.push(`text ${describe(el)}: ${size} px`);
    }
    return out;
  });
}

/** how far the page itself scrolls (it must not: the sheet scrolls inside it) */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    window.scrollTo(0, 10_000);
    const scrolled = window.scrollY;
    const extra = (document.scrollingElement?.scrollHeight ?? 0) - window.innerHeight;
    window.scrollTo(0, 0);
    return Math.max(scrolled, extra);
  });
}

describe.skipIf(!browserAvailable())('the resident app on a phone', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  async function phone(
    path: string,
    chosen: boolean,
  ): Promise<{ page: Page; ctx: BrowserContext; refused: string[] }> {
    const ctx = await newTestContext(browser, PHONE);
    const refused = await refuseOtherHosts(ctx, server.url);
    if (chosen) await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return { page, ctx, refused };
  }

  for (const lang of ['en', 'he'] as const) {
    it(`${lang}: one screen, the first activity on it, every target 44 px and text 16 px in each state`, async () => {
      const w = WORDS[lang];
      const { page, ctx, refused } = await phone(`/?lang=${lang}`, false);
      const dialog = page.getByRole('dialog', { name: w.dialog });
      await dialog.getByRole('checkbox', { name: w.seniors }).first().check();
      await dialog.getByRole('button', { name: w.showMe }).click();
      const first = page.locator('#panel .feature-item').first();
      await first.waitFor();
      await mapIdle(page);
      // the first activity is whole on the first screen, and the page does not scroll
      const box = await first.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844);
      expect(await pageOverflow(page)).toBe(0);
      await page.screenshot({ path: artifact(`phone-${lang}-half.png`) });
      expect(await problems(page)).toEqual([]);

      // the whole list
      await page.getByRole('button', { name: w.list, exact: true }).click();
      await expect.poll(() => page.locator('.layout').getAttribute('data-sheet')).toBe('full');
      expect(await pageOverflow(page)).toBe(0);
      expect(await problems(page)).toEqual([]);
      await page.screenshot({ path: artifact(`phone-${lang}-list.png`) });

      // the filters sheet
      await page.getByRole('button', { name: w.filters }).click();
      const sheet = page.getByRole('dialog');
      await sheet.getByRole('button', { name: w.show }).waitFor();
      expect(await pageOverflow(page)).toBe(0);
      expect(await problems(page)).toEqual([]);
      await page.screenshot({ path: artifact(`phone-${lang}-filters.png`) });
      await sheet.getByRole('button', { name: w.show }).click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

      // a detail over the map
      await page.locator('#panel .list .feature-item').first().click();
      await page.locator('.details .dates li, .details .facts').first().waitFor();
      expect(await pageOverflow(page)).toBe(0);
      expect(await problems(page)).toEqual([]);
      await page.screenshot({ path: artifact(`phone-${lang}-details.png`) });
      await page.locator('.details .close').click();
      await expect.poll(() => page.locator('.details').count()).toBe(0);

      // search hits
      await page.getByRole('searchbox').fill(lang === 'he' ? 'גינה' : 'garden');
      await page.locator('.search-hits li').first().waitFor();
      expect(await problems(page)).toEqual([]);
      expect(refused).toEqual([]);
      await ctx.close();
    });
  }

  it('Back walks back through the app’s states, and never past the app’s first one', async () => {
    const { page, ctx, refused } = await phone('/?lang=en', true);
    const w = WORDS.en;
    await page.locator('#panel .list .feature-item').first().waitFor();
    const sheet = () => page.locator('.layout').getAttribute('data-sheet');
    const details = () => page.locator('.details').count();
    const params = () => Object.fromEntries(new URL(page.url()).searchParams);
    const startLength = await page.evaluate(() => history.length);

    // the whole list, a detail from it, another detail from that one
    await page.getByRole('button', { name: w.list, exact: true }).click();
    await expect.poll(sheet).toBe('full');
    const item = page.locator('#panel .list .feature-item').first();
    const name = (await item.locator('.feature-name').textContent()) ?? '';
    await item.click();
    await expect.poll(() => page.locator('#details-title').textContent()).toBe(name);
    expect(params().item).toMatch(/^programs:/);

    // Back: the detail closes, the whole list is there again
    await page.goBack();
    await expect.poll(details).toBe(0);
    expect(params().item).toBeUndefined();
    await expect.poll(sheet).toBe('full');
    // Back: half the screen again
    await page.goBack();
    await expect.poll(sheet).toBe('half');

    // the filters sheet: a filter chosen in it stays when Back closes it
    await page.getByRole('button', { name: w.filters }).click();
    const filters = page.getByRole('dialog');
    await filters.getByRole('checkbox', { name: /^Free only/ }).check({ force: true });
    await expect.poll(() => params().free).toBe('1');
    await page.goBack();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(params().free).toBe('1');
    await expect.poll(() => page.getByRole('button', { name: 'Filters (1)' }).count()).toBe(1);

    // a detail closed with its own button: the entry it opened is gone (Back does not reopen it)
    await page.locator('#panel .list .feature-item').first().click();
    await page.locator('.details').waitFor();
    await page.locator('.details .close').click();
    await expect.poll(details).toBe(0);
    // every state opened was closed again: the history is as long as when the app opened, plus
    // the entries still ahead of it (Forward), and the app is still on its own page
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.evaluate(() => history.length)).toBeGreaterThanOrEqual(startLength);
    expect(
      await page.evaluate(() => (history.state as { cm?: { depth: number } } | null)?.cm?.depth ?? 0),
    ).toBe(0);
    // and Forward walks forward again: the detail it left, with the filter kept
    await page.goForward();
    await expect.poll(details).toBe(1);
    expect(params()).toMatchObject({ free: '1', item: expect.stringMatching(/^programs:/) });
    await page.goBack();
    await expect.poll(details).toBe(0);
    expect(params().free).toBe('1');
    expect(refused).toEqual([]);
    await ctx.close();
  });

  it('shows that results are loading, and never an older answer over a newer one', async () => {
    const { page, ctx } = await phone('/?lang=en', true);
    await page.locator('#panel .list .feature-item').first().waitFor();
    // the answer to "free only" is held back until the answer to "free and wheelchair" has come
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let held_: import('playwright-core').Request | null = null;
    let heldSettled = false;
    await page.route('**/api/opportunities?**', async (route: Route) => {
      const url = new URL(route.request().url());
      if (
        url.searchParams.get('limit') === '300' &&
        url.searchParams.get('free') === 'true' &&
        !url.searchParams.has('wheelchair')
      ) {
        held_ = route.request();
        const response = await route.fetch();
        await held;
        // the page may have given up on it (aborted): then there is nothing to hand over
        await route.fulfill({ response }).catch(() => {});
        return;
      }
      await route.continue();
    });
    const settle = (r: import('playwright-core').Request) => {
      if (r === held_) heldSettled = true;
    };
    page.on('requestfailed', settle);
    page.on('requestfinished', settle);
    await page.getByRole('button', { name: WORDS.en.filters }).click();
    const filters = page.getByRole('dialog');
    await filters.getByRole('checkbox', { name: /^Free only/ }).check({ force: true });
    await expect.poll(() => held_ !== null).toBe(true);
    // loading: shown in the list's bar and on the sheet's button
    await expect.poll(() => page.getByTestId('results-loading').isVisible()).toBe(true);
    expect(await filters.locator('.show-results').getAttribute('aria-busy')).toBe('true');
    await page.screenshot({ path: artifact('phone-en-loading.png') });
    await filters.getByRole('checkbox', { name: /^Wheelchair/ }).check({ force: true });
    const both = (await (
      await fetch(`${server.url}/api/opportunities?free=true&wheelchair=true&limit=1`)
    ).json()) as { total: number };
    const freeOnly = (await (await fetch(`${server.url}/api/opportunities?free=true&limit=1`)).json()) as {
      total: number;
    };
    expect(both.total).not.toBe(freeOnly.total);
    await expect
      .poll(() => page.locator('.count[role="status"]').textContent())
      .toBe(`${both.total} results`);
    await expect.poll(() => page.getByTestId('results-loading').count()).toBe(0);
    release();
    // the older answer is let go now: the page aborted it, or it arrives late, and changes nothing
    await expect.poll(() => heldSettled).toBe(true);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.locator('.count[role="status"]').textContent()).toBe(`${both.total} results`);
    expect(await filters.locator('.show-results').textContent()).toMatch(
      new RegExp(`^Show ${both.total} activit`),
    );
    await ctx.close();
  });

  it('keeps the side panel beside the map at 1 440 × 900, in English and Hebrew', async () => {
    for (const lang of ['en', 'he'] as const) {
      const ctx = await newTestContext(browser, { viewport: { width: 1440, height: 900 } });
      const refused = await refuseOtherHosts(ctx, server.url);
      await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
      const page = await ctx.newPage();
      await page.goto(`${server.url}/?lang=${lang}`);
      await page.locator('#panel .list .feature-item').first().waitFor();
      const panel = await page.locator('#panel').boundingBox();
      const map = await page.locator('.map-area').boundingBox();
      if (!panel || !map) throw new Error('no panel or map');
      expect(panel.height).toBeGreaterThan(800);
      expect(map.height).toBeGreaterThan(800);
      // beside each other: the panel on the end side (right in English, left in Hebrew)
      if (lang === 'en') expect(panel.x).toBeGreaterThanOrEqual(map.x + map.width - 1);
      else expect(panel.x + panel.width).toBeLessThanOrEqual(map.x + 1);
      // the filters are in the panel itself; the phone's switches are not shown
      expect(await page.locator('.filters').isVisible()).toBe(true);
      expect(await page.locator('.sheet-tools').isVisible()).toBe(false);
      expect(await pageOverflow(page)).toBe(0);
      await page.screenshot({ path: artifact(`desktop-${lang}-panel.png`) });
      expect(refused).toEqual([]);
      await ctx.close();
    }
  });
});
