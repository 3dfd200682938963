/**
 * "Get this every week" in Chromium: the webcal:// and https addresses of the current view's
 * calendar feed, copying the address, the Atom link and the page's autodiscovery link following
 * the view as filters change, the leaflet link; English and Hebrew (right to left), screenshots.
 */
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

const params = (url: string) => new URL(url.replace(/^webcal:/, 'http:')).searchParams;

describe.skipIf(!browserAvailable())('"Get this every week" in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(path: string): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    contexts.push(ctx);
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    const page = await ctx.newPage();
    await page.goto(`${server.url}${path}`);
    await mapIdle(page);
    await page.locator('.get-weekly').waitFor();
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
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('offers the calendar of the current filters as webcal:// and https, copies it, and keeps the Atom link in step', async () => {
    const page = await open('/?lang=en&when=week&aud=seniors');
    const webcal = (await page.getByTestId('webcal-link').getAttribute('href')) as string;
    expect(webcal).toMatch(/^webcal:\/\/127\.0\.0\.1:\d+\/api\/feeds\/calendar\.ics\?/);
    const p = params(webcal);
    expect(p.get('when')).toBe('week');
    expect(p.get('audience')).toBe('seniors');
    expect(p.get('tenant')).toBe('lindmere');
    expect(p.get('lang')).toBe('en');
    const https = await page.getByTestId('calendar-url').inputValue();
    expect(https).toBe(webcal.replace(/^webcal:/, 'http:'));
    // the address answers with a calendar
    // retried if the server's idle time-out resets the kept-alive socket just as it is reused
    const res = await page.request.get(https, { maxRetries: 2 });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toMatch(/^text\/calendar/);
    expect(await res.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);

    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Address copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(https);

    const discovery = () =>
      page.evaluate(
        () =>
          document.querySelector<HTMLLinkElement>('head link[rel="alternate"][type="application/atom+xml"]')
            ?.href ?? '',
      );
    expect(params(await discovery()).get('when')).toBe('week');
    expect(await page.getByTestId('atom-link').getAttribute('href')).toBe(await discovery());
    await page.screenshot({ path: artifact('get-this-every-week-en-page.png') });
    await page.locator('.get-weekly').screenshot({ path: artifact('get-this-every-week-en.png') });

    // a change of the filters moves both feeds' addresses
    await page.getByRole('checkbox', { name: /Free/ }).first().check();
    await page.waitForFunction(() =>
      document
        .querySelector<HTMLLinkElement>('head link[type="application/atom+xml"]')
        ?.href.includes('free=true'),
    );
    expect(params((await page.getByTestId('webcal-link').getAttribute('href')) as string).get('free')).toBe(
      'true',
    );
    expect(await page.locator('head link[type="application/atom+xml"]').count()).toBe(1);

    // the leaflet of the neighbourhood at the map's centre, for the first audience
    const leaflet = await page.getByTestId('leaflet-link').getAttribute('href');
    expect(leaflet).toMatch(/^\/leaflet\?area=[0-9a-f-]{36}&audience=seniors&lang=en$/);
  });

  it('in Hebrew: right to left, with the addresses isolated left to right', async () => {
    const page = await open('/?lang=he&when=week');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.locator('.get-weekly h2').textContent()).toBe('לקבל את זה כל שבוע');
    expect(params((await page.getByTestId('webcal-link').getAttribute('href')) as string).get('lang')).toBe(
      'he',
    );
    expect(await page.getByTestId('calendar-url').evaluate((el) => getComputedStyle(el).direction)).toBe(
      'ltr',
    );
    await page.locator('.get-weekly').screenshot({ path: artifact('get-this-every-week-he.png') });
  });
});
