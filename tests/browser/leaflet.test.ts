/**
 * The printable leaflet in Chromium on the demo town: printed to A4 PDF in English and Hebrew,
 * read back with poppler (pdfinfo: at most two pages; pdftotext: the activities the API lists
 * for that neighbourhood's week, their times intact, Hebrew right to left), body text at least
 * 14 pt in print media, and the "and N more" rule when a week does not fit. PNGs of both PDFs are
 * written to tests/artifacts/ to be looked at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const popplerAvailable = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true' || process.env.CI === '1')
      throw new Error('CI=true but pdfinfo is missing: .ci/run installs poppler-utils');
    console.warn('pdfinfo not found: leaflet PDF tests skipped (apt-get install poppler-utils).');
    return false;
  }
})();

interface Item {
  id: string;
  name: string;
  next: { start: string; end: string } | null;
}
interface List {
  total: number;
  items: Item[];
}

/** spaces of every kind as one space: Intl's narrow no-break spaces, pdftotext's line breaks */
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u2068\u2069]+/gu, ' ').trim();

describe.skipIf(!browserAvailable() || !popplerAvailable)('the printable leaflet in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let timeZone: string;
  /** the demo town's neighbourhood with the most activities this week */
  let busiest: { id: string; name: string };
  const contexts: BrowserContext[] = [];

  async function json<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  async function open(path: string): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width: 1000, height: 1200 } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  /** the leaflet at `path`, ready (its data loaded and fitted), printed to A4 */
  async function print(path: string, name: string) {
    const page = await open(path);
    await page.locator('.leaflet[data-leaflet-ready="true"]').waitFor();
    const pdf = artifact(`${name}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    const raw = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    const words = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
    for (const f of fs
      .readdirSync(artifact(''))
      .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')))
      fs.rmSync(artifact(f));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, artifact(name)]);
    const shownIds = await page
      .locator('.leaflet-entry')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id ?? ''));
    const more = await page
      .locator('.leaflet-more')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.more)));
    return { page, pages, text, raw, words, shownIds, more: more[0] ?? 0 };
  }

  function hours(o: { start: string; end: string }, lang: string) {
    // the demo town is European: a 24-hour clock in every language, English included (issue 14)
    const f = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone });
    return norm(`${f.format(new Date(o.start))}–${f.format(new Date(o.end))}`);
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
    timeZone = (await json<{ tenant: { timezone: string } }>('/api/config')).tenant.timezone;
    const layer = await json<{ features: { properties: { id: string; name: string } }[] }>(
      '/api/layers/neighbourhoods?lang=en',
    );
    let best = -1;
    for (const f of layer.features) {
      const { total } = await json<List>(
        `/api/opportunities?area=${f.properties.id}&when=week&limit=1&lang=en`,
      );
      if (total > best) {
        best = total;
        busiest = f.properties;
      }
    }
    expect(best).toBeGreaterThan(0);
  });

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('prints a neighbourhood’s week in English on at most two A4 pages, with what the API lists', async () => {
    const list = await json<List>(
      `/api/opportunities?area=${busiest.id}&when=week&sort=next&limit=500&lang=en`,
    );
    const { page, pages, text, shownIds, more } = await print(
      `/leaflet?area=${busiest.id}&lang=en`,
      'leaflet-en',
    );
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    // the soonest activities, in the API's order; the rest counted in "and N more"
    expect(shownIds.length).toBeGreaterThan(0);
    expect(shownIds).toEqual(list.items.slice(0, shownIds.length).map((i) => i.id));
    expect(shownIds.length + more).toBe(list.total);
    const flat = norm(text);
    expect(flat).toContain(norm(busiest.name));
    for (const id of shownIds) {
      const item = list.items.find((i) => i.id === id) as Item;
      expect(flat, item.name).toContain(norm(item.name));
      if (item.next) expect(flat, `${item.name} ${hours(item.next, 'en')}`).toContain(hours(item.next, 'en'));
    }
    if (more > 0) expect(flat).toMatch(new RegExp(`and ${more} more activit(y|ies)`));
    // large print: every piece of text on the sheet is at least 14 pt (18.67 px) when printed
    await page.emulateMedia({ media: 'print' });
    const smallest = await page.evaluate(() => {
      let min = Number.POSITIVE_INFINITY;
      for (const el of document.querySelectorAll<HTMLElement>('.leaflet-sheet *')) {
        const hasText = [...el.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
        );
        if (hasText && el.offsetParent !== null)
          min = Math.min(min, Number.parseFloat(getComputedStyle(el).fontSize));
      }
      return min;
    });
    expect(smallest).toBeGreaterThanOrEqual((14 * 96) / 72 - 0.01);
    // no app chrome in print: the Print button is hidden
    expect(await page.locator('.leaflet-toolbar').isVisible()).toBe(false);
  });

  it('prints it in Hebrew, right to left, with times and phone numbers intact', async () => {
    const list = await json<List>(
      `/api/opportunities?area=${busiest.id}&when=week&sort=next&limit=500&lang=he`,
    );
    const { page, pages, raw, words, shownIds } = await print(
      `/leaflet?area=${busiest.id}&lang=he`,
      'leaflet-he',
    );
    expect(pages).toBeLessThanOrEqual(2);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const flat = norm(raw);
    for (const id of shownIds) {
      const item = list.items.find((i) => i.id === id) as Item;
      if (!item.next) continue;
      const h = hours(item.next, 'he');
      expect(h).toMatch(/^\d{1,2}:\d\d–\d{1,2}:\d\d$/);
      // the range reads start–end, not mirrored to end–start
      expect(flat, `${item.name} ${h}`).toContain(h);
    }
    // right to left: the heading's first word stands to the right of its second (pdftotext -bbox
    // gives a Hebrew word's glyphs in visual order, so the word is looked for reversed)
    const heading = norm(await page.locator('.leaflet-head h1').innerText()).split(' ');
    const x = (w: string) =>
      Number(
        new RegExp(`<word xMin="([\\d.]+)"[^>]*>${[...w].reverse().join('')}</word>`).exec(words)?.[1] ??
          Number.NaN,
      );
    expect(heading[0]).toMatch(/^\p{Script=Hebrew}+$/u);
    expect(heading[1]).toMatch(/^\p{Script=Hebrew}+$/u);
    expect(x(heading[0] as string)).toBeGreaterThan(x(heading[1] as string));
    // the neighbourhood's Latin name is isolated inside the Hebrew heading
    expect(await page.locator('.leaflet-head h1').textContent()).toContain(`\u2068${busiest.name}\u2069`);
    // the QR codes stand on the left of the text in Hebrew
    const box = await page
      .locator('.leaflet-entry')
      .first()
      .evaluate((li) => ({
        qr: li.querySelector('.leaflet-qr')?.getBoundingClientRect().left ?? 0,
        text: li.querySelector('.leaflet-text')?.getBoundingClientRect().left ?? 0,
      }));
    expect(box.qr).toBeLessThan(box.text);
  });

  it('without an area offers the neighbourhoods and audiences, and opens the chosen leaflet', async () => {
    const page = await open('/leaflet?lang=en');
    const area = page.getByLabel('Neighbourhood');
    await area.selectOption(busiest.id);
    await page.getByLabel('For whom').selectOption('seniors');
    await page.getByRole('button', { name: 'Show the leaflet' }).press('Enter');
    await page.locator('.leaflet[data-leaflet-ready="true"]').waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/leaflet');
    expect(url.searchParams.get('area')).toBe(busiest.id);
    expect(url.searchParams.get('audience')).toBe('seniors');
    const list = await json<List>(
      `/api/opportunities?area=${busiest.id}&audience=seniors&when=week&sort=next&limit=500&lang=en`,
    );
    const shown = await page.locator('.leaflet-entry').count();
    const more = await page
      .locator('.leaflet-more')
      .evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.more)));
    expect(shown + (more[0] ?? 0)).toBe(list.total);
    await expect.poll(() => page.title()).toContain('Printable leaflet');
  });

  it('says what is wrong with an unknown neighbourhood', async () => {
    const page = await open('/leaflet?area=00000000-0000-4000-8000-000000000000&lang=en');
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/could not be prepared/);
  });

  describe('sharing an activity', () => {
    interface Detail {
      title: string;
      place: { name: string } | null;
    }
    /** an activity of the busiest neighbourhood's week that has a place, in French */
    async function activity() {
      const list = await json<List>(`/api/opportunities?area=${busiest.id}&when=week&limit=50&lang=fr`);
      for (const item of list.items) {
        const d = await json<Detail>(`/api/opportunities/${item.id}?lang=fr`);
        if (d.place) return { id: item.id, title: d.title, place: d.place.name };
      }
      throw new Error('no activity with a place this week');
    }

    async function details(id: string, init: string) {
      const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 800 } });
      contexts.push(ctx);
      await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
      await ctx.addInitScript(init);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/?item=programs:${id}&lang=fr`);
      await page.locator('.details .share-button').waitFor();
      return page;
    }

    it('opens the system share sheet with the text and the link where the Web Share API is there', async () => {
      const a = await activity();
      const page = await details(
        a.id,
        'navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };',
      );
      await page.getByRole('button', { name: 'Partager', exact: true }).click();
      const shared = await expect
        .poll(() =>
          page.evaluate(
            () => (window as unknown as { __shared?: { title: string; text: string; url: string } }).__shared,
          ),
        )
        .toBeTruthy()
        .then(() =>
          page.evaluate(
            () => (window as unknown as { __shared: { title: string; text: string; url: string } }).__shared,
          ),
        );
      expect(new URL(shared.url).searchParams.get('item')).toBe(`programs:${a.id}`);
      expect(new URL(shared.url).searchParams.get('lang')).toBe('fr');
      expect(shared.title).toBe(a.title);
      expect(norm(shared.text)).toContain(norm(a.title));
      expect(norm(shared.text)).toContain(norm(a.place));
      // the links' list is not shown where the system sheet does the work
      expect(await page.locator('.share-options').count()).toBe(0);
    });

    it('elsewhere discloses WhatsApp, Telegram, SMS and e-mail links in the reader’s language, by keyboard', async () => {
      const a = await activity();
      const page = await details(a.id, 'delete Navigator.prototype.share; delete navigator.share;');
      const button = page.getByRole('button', { name: 'Partager', exact: true });
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
      const focused = () =>
        page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.channel ?? null);
      await expect.poll(focused).toBe('whatsapp');
      await page.keyboard.press('ArrowDown');
      await expect.poll(focused).toBe('telegram');
      await page.keyboard.press('End');
      await expect.poll(focused).toBe('copy');
      await page.keyboard.press('ArrowDown');
      await expect.poll(focused).toBe('whatsapp');
      const href = async (c: string) =>
        (await page.locator(`.details .share-options [data-channel="${c}"]`).getAttribute('href')) ?? '';
      const url = `${server.url}/?item=programs:${a.id}&lang=fr`;
      const wa = new URL(await href('whatsapp'));
      expect(wa.origin + wa.pathname).toBe('https://wa.me/');
      expect(norm(wa.searchParams.get('text') ?? '')).toContain(norm(a.title));
      expect(wa.searchParams.get('text')).toContain(url);
      const tg = new URL(await href('telegram'));
      expect(tg.origin + tg.pathname).toBe('https://t.me/share/url');
      expect(tg.searchParams.get('url')).toBe(url);
      expect(norm(tg.searchParams.get('text') ?? '')).toContain(norm(a.place));
      const sms = await href('sms');
      expect(sms.startsWith('sms:?&body=')).toBe(true);
      expect(decodeURIComponent(sms.slice('sms:?&body='.length))).toContain(url);
      const mail = await href('email');
      expect(mail.startsWith('mailto:?subject=')).toBe(true);
      const q = new URLSearchParams(mail.slice('mailto:?'.length));
      expect(q.get('subject')).toBe(a.title);
      expect(q.get('body')).toContain(url);
      // a date in French: the month is named in French (one of its twelve names)
      expect(q.get('body')).toMatch(
        /janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre/,
      );
      await page.keyboard.press('Escape');
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('share-button')))
        .toBe(true);
    });
  });
});
