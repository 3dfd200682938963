/**
 * A view of one neighbourhood, in Chromium: the leaflet's "and N more" opens the app on that
 * neighbourhood's week (area + when + lang in the URL, its QR code the same address), the list
 * shows exactly what the API lists for it, and the URL keeps the view as filters and language
 * change. "Share this list" hands WhatsApp, Telegram, SMS, e-mail and the system share sheet the
 * view's URL with its filters and its name in the reader's language. Screenshots in English and
 * Hebrew.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

setGenerousWaits();

interface List {
  total: number;
  items: { id: string; name: string }[];
}
interface Hood {
  id: string;
  name: string;
}

/** spaces of every kind as one space, isolation marks dropped */
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u2068\u2069]+/gu, ' ').trim();
const NO_SHARE_API = 'delete Navigator.prototype.share; delete navigator.share;';

describe.skipIf(!browserAvailable())('a view of one neighbourhood in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  /** the neighbourhood with the most activities this week: its leaflet ends with "and N more" */
  let busiest: Hood;
  const contexts: BrowserContext[] = [];

  async function json<T>(path: string): Promise<T> {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  async function open(path: string, init: string[] = []): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    for (const script of init) await ctx.addInitScript(script);
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const activities = (page: Page) => page.getByRole('region', { name: /^(Activities|פעילויות)$/ });
  const listed = async (page: Page) =>
    (await activities(page).locator('.feature-name').allTextContents()).map(norm).sort();
  const params = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    browser = await launchBrowser();
    const layer = await json<{ features: { properties: Hood }[] }>('/api/layers/neighbourhoods?lang=en');
    let best = -1;
    for (const f of layer.features) {
      const { total } = await json<List>(`/api/opportunities?area=${f.properties.id}&when=week&limit=1`);
      if (total > best) {
        best = total;
        busiest = { id: f.properties.id, name: f.properties.name };
      }
    }
    // more than the 18 cards two pages hold (web/leaflet/fit.ts MAX_CARDS): "and N more" is there
    expect(best).toBeGreaterThan(18);
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('opens from the leaflet’s "and N more" on that neighbourhood’s week, and keeps it in the URL', async () => {
    const leaflet = await open(`/leaflet?area=${busiest.id}&lang=en`);
    await leaflet.locator('.leaflet[data-leaflet-ready="true"]').waitFor();
    const more = leaflet.locator('.leaflet-more a');
    const href = (await more.getAttribute('href')) as string;
    const target = new URL(href);
    expect(target.origin).toBe(server.url);
    expect(Object.fromEntries(target.searchParams)).toEqual({ lang: 'en', area: busiest.id, when: 'week' });
    // the QR code next to it opens the same view
    expect(await leaflet.locator('.leaflet-more .leaflet-qr').getAttribute('data-qr-url')).toBe(href);
    expect(norm(await more.innerText())).toMatch(/^and \d+ more activit(y|ies) — see /);

    await more.click();
    await leaflet.waitForURL((u) => u.pathname === '/');
    const page = leaflet;
    await mapIdle(page);
    const week = await json<List>(`/api/opportunities?area=${busiest.id}&when=week&limit=500&lang=en`);
    await expect.poll(() => listed(page)).toEqual(week.items.map((i) => norm(i.name)).sort());
    await expect
      .poll(() => page.locator('.count[role="status"]').textContent())
      .toMatch(new RegExp(`^${week.total} results?$`));
    // the filters show the view: this neighbourhood, this week
    expect(await page.getByRole('combobox', { name: 'Neighbourhood', exact: true }).inputValue()).toBe(
      busiest.id,
    );
    expect(
      await page.locator('.filters').getByRole('radio', { name: 'This week', exact: true }).isChecked(),
    ).toBe(true);

    // a further filter keeps the neighbourhood, the week and the language in the URL
    await page.getByRole('checkbox', { name: /^Seniors/ }).check({ force: true });
    await expect
      .poll(() => params(page))
      .toEqual({ lang: 'en', area: busiest.id, aud: 'seniors', when: 'week' });
    const seniors = await json<List>(
      `/api/opportunities?area=${busiest.id}&audience=seniors&when=week&limit=500&lang=en`,
    );
    expect(seniors.total).toBeGreaterThan(0);
    await expect.poll(() => listed(page)).toEqual(seniors.items.map((i) => norm(i.name)).sort());
    // the language switched is the URL's language too
    await page.locator('.lang-switch select').selectOption('fr');
    await expect.poll(() => params(page).lang).toBe('fr');
    expect(params(page).area).toBe(busiest.id);
    // and the whole town again once the neighbourhood is cleared
    await page.getByRole('combobox', { name: 'Quartier', exact: true }).selectOption('');
    await expect.poll(() => params(page).area).toBeUndefined();
    const town = await json<List>('/api/opportunities?audience=seniors&when=week&limit=1');
    await expect
      .poll(() => page.locator('.count[role="status"]').textContent())
      .toMatch(new RegExp(`^${town.total} résultats?$`));
  });

  it('opens such a view in Hebrew, right to left, and passes axe', async () => {
    const page = await open(`/?area=${busiest.id}&aud=seniors&when=week&lang=he`);
    await mapIdle(page);
    const seniors = await json<List>(
      `/api/opportunities?area=${busiest.id}&audience=seniors&when=week&limit=500&lang=he`,
    );
    await expect.poll(() => listed(page)).toEqual(seniors.items.map((i) => norm(i.name)).sort());
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await mapIdle(page);
    await page.screenshot({ path: artifact('list-view-he-page.png') });
    const result = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
    expect(
      result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    ).toEqual([]);
  });

  describe('"Share this list"', () => {
    const viewQuery = () => `?lang=fr&area=${busiest.id}&aud=seniors&when=week`;

    it('gives WhatsApp, Telegram, SMS and e-mail the view’s URL with its filters and its name in French', async () => {
      const page = await open(`/${viewQuery()}`, [NO_SHARE_API]);
      await page.locator('.get-weekly').waitFor();
      await mapIdle(page);
      const button = page.getByRole('button', { name: 'Partager cette liste' });
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
      const share = page.getByTestId('share-list');
      const href = async (c: string) =>
        (await share.locator(`.share-options [data-channel="${c}"]`).getAttribute('href')) ?? '';
      const url = `${server.url}/${viewQuery()}`;
      const name = 'Activités pour aînés à %s cette semaine'.replace('%s', busiest.name);
      const text = (s: string) => norm(s.replace(url, ''));

      const wa = new URL(await href('whatsapp'));
      expect(wa.origin + wa.pathname).toBe('https://wa.me/');
      expect(wa.searchParams.get('text')).toContain(url);
      expect(text(wa.searchParams.get('text') ?? '')).toBe(name);
      const tg = new URL(await href('telegram'));
      expect(tg.origin + tg.pathname).toBe('https://t.me/share/url');
      expect(tg.searchParams.get('url')).toBe(url);
      expect(norm(tg.searchParams.get('text') ?? '')).toBe(name);
      const sms = await href('sms');
      expect(sms.startsWith('sms:?&body=')).toBe(true);
      expect(decodeURIComponent(sms.slice('sms:?&body='.length))).toContain(url);
      const mail = new URLSearchParams((await href('email')).slice('mailto:?'.length));
      expect(norm(mail.get('subject') ?? '')).toBe(name);
      expect(mail.get('body')).toContain(url);
      // the shared URL opens the same view: the API's list for it
      const shared = new URL(tg.searchParams.get('url') as string);
      expect(Object.fromEntries(shared.searchParams)).toEqual({
        lang: 'fr',
        area: busiest.id,
        aud: 'seniors',
        when: 'week',
      });
      await page.getByTestId('share-list').screenshot({ path: artifact('share-list-fr.png') });
      await page.keyboard.press('Escape');
      await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');

      // the view changes, the shared link follows
      await page.getByRole('checkbox', { name: /^Gratuit/ }).check({ force: true });
      await expect
        .poll(async () => new URL(await href('telegram')).searchParams.get('url'))
        .toContain('free=1');
    });

    it('opens the system share sheet with the view where the Web Share API is there, in Hebrew', async () => {
      const page = await open(`/?lang=he&area=${busiest.id}&when=week`, [
        'navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };',
      ]);
      await page.locator('.get-weekly').waitFor();
      await mapIdle(page);
      // the neighbourhood's name has come (the share text names it)
      await expect
        .poll(() => page.getByRole('combobox', { name: 'שכונה', exact: true }).inputValue())
        .toBe(busiest.id);
      await page.getByRole('button', { name: 'שיתוף הרשימה הזו' }).click();
      const shared = await expect
        .poll(() => page.evaluate(() => (window as unknown as { __shared?: object }).__shared ?? null))
        .not.toBeNull()
        .then(() =>
          page.evaluate(
            () => (window as unknown as { __shared: { title: string; text: string; url: string } }).__shared,
          ),
        );
      expect(shared.url).toBe(`${server.url}/?lang=he&area=${busiest.id}&when=week`);
      // Hebrew words with the Latin name isolated inside
      expect(shared.text).toBe(`פעילויות בשכונת \u2068${busiest.name}\u2069 השבוע`);
      await page.locator('.get-weekly').screenshot({ path: artifact('share-list-he.png') });
    });
  });

  it('shows the panel in English with the list’s share button', async () => {
    const page = await open(`/?lang=en&area=${busiest.id}&aud=seniors&when=week`, [NO_SHARE_API]);
    await page.locator('.get-weekly').waitFor();
    await mapIdle(page);
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Neighbourhood', exact: true }).inputValue())
      .toBe(busiest.id);
    await page.getByRole('button', { name: 'Share this list' }).click();
    const mail = new URLSearchParams(
      (
        (await page.locator('[data-testid="share-list"] [data-channel="email"]').getAttribute('href')) ?? ''
      ).slice('mailto:?'.length),
    );
    expect(norm(mail.get('subject') ?? '')).toBe(`Activities for seniors in ${busiest.name} this week`);
    // the town's own language: the link carries no lang
    expect(mail.get('body')).toContain(`${server.url}/?area=${busiest.id}&aud=seniors&when=week`);
    await page.locator('.get-weekly').screenshot({ path: artifact('share-list-en.png') });
    await page.screenshot({ path: artifact('list-view-en-page.png') });
  });
});
