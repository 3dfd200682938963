/**
 * The back office's sign-in in Chromium, against the real server and a real SMTP server: a new
 * admin without a password asks for a sign-in link, follows it from the mail, presses "Sign in",
 * sets a password, signs out and signs in with it; a wrong password is refused with a message;
 * the pages in Hebrew, right to left, with the address isolated. Screenshots (English and
 * Hebrew) and axe.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import authHe from '../../web/admin/auth/locales/he.ts';
import { addUser } from '../support/accounts.ts';
import { artifact, browserAvailable, launchBrowser, newTestContext, setGenerousWaits } from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

setGenerousWaits();

const EMAIL = 'noa.admin@example.org';
const NEW_PASSWORD = 'three green herons at dawn';

describe.skipIf(!browserAvailable())('sign-in pages in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    smtp = await startTestSmtp();
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', SMTP_URL: smtp.url },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, { tenant: 'lindmere', email: EMAIL, role: 'admin' }, null);
    browser = await launchBrowser();
    const ctx = await newTestContext(browser, { viewport: { width: 1024, height: 900 } });
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.close();
  });

  const seriousAxe = async (p: Page) =>
    (await new AxeBuilder({ page: p }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id);

  it('signs in with an e-mailed link, sets a password, signs out and in again', async () => {
    await page.goto(`${server.url}/admin/sign-in?lang=en`);
    await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(await seriousAxe(page)).toEqual([]);
    // targets are large enough to touch
    for (const b of await page.locator('.auth button, .auth input:not([hidden])').all()) {
      const box = await b.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
    }
    await page.screenshot({ path: artifact('sign-in.png'), fullPage: true });

    // no address yet: said, not sent
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/E-mail address: enter/);

    const before = smtp.mails.length;
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/a sign-in link is on its way/);
    const mail = await smtp.next(before);
    const link = /(http:\/\/\S+\/admin\/sign-in\/link\?token=[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1] as string;
    expect(link.startsWith(server.url)).toBe(true);

    await page.goto(link);
    await page.getByRole('heading', { name: 'Sign in with your link' }).waitFor();
    await page.screenshot({ path: artifact('sign-in-link.png') });
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(new URL(page.url()).search).toBe(''); // the token is gone from the address bar
    expect(await page.locator('main').textContent()).toContain(`Signed in as ${EMAIL}`);
    expect(await page.locator('.auth-roles').textContent()).toMatch(/Administrator · lindmere/);

    await page.getByRole('heading', { name: 'Set a password' }).waitFor();
    await page.getByLabel('New password').fill('too short');
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect.poll(() => page.locator('.auth-card').nth(1).getByRole('alert').textContent()).toMatch(/at least 12 characters/);
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the password' }).click();
    await expect.poll(() => page.locator('.auth-card').nth(1).getByRole('status').textContent()).toMatch(/^Saved/);
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.screenshot({ path: artifact('sign-in-account.png'), fullPage: true });
    expect(await seriousAxe(page)).toEqual([]);

    // the used link does not sign in again
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByText('You are signed out.').count()).toBe(1);
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/used already or it expired/);

    await page.goto(`${server.url}/admin/sign-in`);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill('not my password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not right/);
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByRole('link', { name: 'Kiosks' }).waitFor();
  });

  it('speaks Hebrew, right to left, with the address isolated', async () => {
    await page.goto(`${server.url}/admin?lang=he`);
    await page.getByRole('heading', { name: authHe.homeHeading }).waitFor();
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    expect(await page.locator('main bdi[dir="ltr"]').first().textContent()).toBe(EMAIL);
    await page.screenshot({ path: artifact('sign-in-account-hebrew.png'), fullPage: true });
    expect(await seriousAxe(page)).toEqual([]);
    await page.getByRole('button', { name: authHe.signOut }).click();
    await page.getByRole('heading', { name: authHe.signInHeading, exact: true }).waitFor();
    await page.screenshot({ path: artifact('sign-in-hebrew.png'), fullPage: true });
    expect(await seriousAxe(page)).toEqual([]);
  });
});
