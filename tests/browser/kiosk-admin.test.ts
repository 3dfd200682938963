/**
 * /admin/kiosks in Chromium: an admin sets up a kiosk without touching code — a new kiosk for a
 * centre, in Ukrainian with three languages and a shorter time-out — and the kiosk itself then
 * starts that way, and one already running takes up a later change at its next idle reset; the
 * page is in the back office's frame, so a visitor who is not signed in is sent to sign in first
 * and comes back (changes go with the session and its CSRF token), a bad value is refused with
 * the server's message; removing the configuration takes the kiosk away; the page in Hebrew,
 * right to left. Screenshots and axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import adminHe from '../../web/admin/locales/he.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { addUser, PASSWORD } from '../support/accounts.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

const CENTRE = 'Kestrel Rise Community Centre';

setGenerousWaits();

describe.skipIf(!browserAvailable())('kiosk admin page in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, { tenant: 'lindmere', email: 'kiosk-admin@example.org', role: 'admin' });
    browser = await launchBrowser();
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
    await page.goto(`${server.url}/admin/kiosks`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const kiosk = async (slug: string) => {
    const res = await fetch(`${server.url}/api/kiosks/${slug}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('sends a visitor who is not signed in to sign in, and comes back signed in', async () => {
    await page.waitForURL(/\/admin\/sign-in\?next=%2Fadmin%2Fkiosks$/);
    await page.getByLabel('E-mail address').fill('kiosk-admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/kiosks$/);
    await page.getByRole('button', { name: /kiosk-admin@example\.org/ }).waitFor();
    await page.getByRole('button', { name: /^Edit/ }).first().waitFor();
  });

  it("lists every centre's kiosk with its defaults", async () => {
    const rows = page.locator('.admin-list tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const kestrel = rows.filter({ hasText: CENTRE });
    expect(await kestrel.textContent()).toMatch(/\/kiosk\/kestrel-rise-community-centre/);
    expect(await kestrel.textContent()).toMatch(/defaults/);
  });

  it('refuses a bad value with the server’s message', async () => {
    await page.getByRole('button', { name: 'Add a kiosk' }).click();
    await page.getByLabel('Address (/kiosk/…)').fill('library-lobby');
    await page.getByLabel('Centre it stands in').selectOption({ label: CENTRE });
    await page.getByLabel(/Back to the start screen after/).fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/idle_seconds must be at least 5/);
    expect((await kiosk('library-lobby')).status).toBe(404);
  });

  it('sets up a new kiosk, and the kiosk starts that way', async () => {
    await page.getByLabel(/Back to the start screen after/).fill('45');
    // offer only Українська, English and עברית, starting in Ukrainian
    for (const name of ['Français', 'Polski', 'Русский'])
      await page.getByRole('checkbox', { name }).uncheck();
    await page.getByLabel('Starts in').selectOption('uk');
    await page.getByRole('checkbox', { name: 'Parks' }).uncheck();
    await page.getByRole('checkbox', { name: /A printer is attached/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved/);

    const { status, body } = await kiosk('library-lobby');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      configured: true,
      default_language: 'uk',
      idle_seconds: 45,
      printer: true,
    });
    expect([...(body.languages as string[])].sort()).toEqual(['en', 'he', 'uk']);
    expect(body.layers).not.toContain('parks');
    expect((body.centre as { name: string }).name).toBe(CENTRE);
    await expect
      .poll(() => page.locator('.admin-list tbody').textContent())
      .toMatch(/\/kiosk\/library-lobby/);
    await page.screenshot({ path: artifact('kiosk-admin.png'), fullPage: true });

    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);

    // the kiosk itself: Ukrainian, three languages on its switcher
    const ctx = await newTestContext(browser, { viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const k = await ctx.newPage();
    await k.goto(`${server.url}/kiosk/library-lobby`);
    await k.waitForSelector('.k-attract');
    await expect.poll(() => k.evaluate(() => document.documentElement.lang)).toBe('uk');
    await k.locator('.k-attract').click();
    await k.waitForSelector('.k-item');
    await expect.poll(() => k.locator('.k-langs button').count()).toBe(3);
    const switcher = await k.locator('.k-langs button').allTextContents();
    expect(switcher.join(' ')).toMatch(/עברית/);
    expect(switcher.join(' ')).toMatch(/Українська/);

    // a change while the kiosk runs, in use: nothing moves under the visitor's finger; at the next
    // idle reset the kiosk takes it up, with nobody at the screen
    await page.getByLabel('Starts in').selectOption('he');
    await page.getByRole('checkbox', { name: 'Polski' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Saved/);
    await k.evaluate(() =>
      (window as unknown as { __commonsKiosk: { expire: () => void } }).__commonsKiosk.expire(),
    );
    await expect.poll(() => k.evaluate(() => document.documentElement.lang)).toBe('he');
    await expect.poll(() => k.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await k.locator('.k-attract').click();
    await expect.poll(() => k.locator('.k-langs button').count()).toBe(4);
    await ctx.close();
  });

  it('removes a configuration', async () => {
    await page.getByRole('button', { name: 'Remove configuration' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toMatch(/Removed the kiosk \/kiosk\/library-lobby/);
    expect((await kiosk('library-lobby')).status).toBe(404);
  });

  it('speaks Hebrew, right to left', async () => {
    await page.goto(`${server.url}/admin/kiosks?lang=he`);
    await page.getByRole('button', { name: adminHe.add }).waitFor();
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    await expect.poll(() => page.locator('h1').textContent()).toBe(adminHe.kiosks);
    await page
      .getByRole('button', { name: new RegExp(`^${adminHe.edit}`) })
      .first()
      .click();
    await page.getByLabel(adminHe.form.centre).waitFor();
    await page.screenshot({ path: artifact('kiosk-admin-hebrew.png') });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
  });
});
