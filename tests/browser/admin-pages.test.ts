/**
 * The back office's pages in Chromium: an admin signs in, adds an organisation, invites an
 * editor to it by e-mail (the mail arrives at the suite's SMTP server with a working sign-in
 * link), sees them on the users page, checks a file on the imports page (the report row by row),
 * changes a setting, and finds the new organisation, the invitation and the setting in the audit
 * log with their previous and new values. Then the same pages in Hebrew, right to left.
 * Screenshots of each page, and axe (no serious or critical violations) on each.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import authHe from '../../web/admin/auth/locales/he.ts';
import pagesEn from '../../web/admin/common/locales/en.ts';
import pagesHe from '../../web/admin/common/locales/he.ts';
import { addUser, PASSWORD } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);
const EDITOR = 'hedy.editor@example.org';

setGenerousWaits();

describe.skipIf(!browserAvailable())('back office pages in Chromium', () => {
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
    await addUser(database.db, { tenant: 'lindmere', email: 'ada.admin@example.org', role: 'admin' });
    // one committed import in the audit log, for the imports page's list
    await runImport(database.db, {
      format: 'csv',
      path: FIX('centres-good.csv'),
      tenant: 'lindmere',
      mapping: FIX('generic-csv.json'),
      recomputeAccess: false,
    });
    browser = await launchBrowser();
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
    await database?.close();
  });

  const axe = async () => {
    const r = await new AxeBuilder({ page }).analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.html}`);
  };
  const status = () => page.locator('.admin-page [role="status"].notice').first().textContent();

  it('sends a visitor to sign in first, and back to the page after', async () => {
    await page.goto(`${server.url}/admin/organisations`);
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.getByLabel('E-mail address').fill('ada.admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/admin\/organisations$/);
    await page.getByRole('heading', { level: 1, name: pagesEn.org.heading }).waitFor();
    // the frame: a skip link to the page, the pages of an admin, the account menu
    const nav = page.getByRole('navigation', { name: 'Go to' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(
      expect.arrayContaining([
        'Organisations',
        'Users and roles',
        'Kiosks',
        'Imports',
        'Settings',
        'Audit log',
      ]),
    );
    expect(await nav.getByRole('link', { name: 'Organisations' }).getAttribute('aria-current')).toBe('page');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the page');
    await page.getByRole('button', { name: /ada\.admin@example\.org/ }).click();
    await page.getByRole('link', { name: 'Your account' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByRole('link', { name: 'Your account' }).count()).toBe(0);
  });

  it('adds an organisation and invites an editor to it by e-mail', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Friends of Heron Park');
    // the short name follows the name until it is edited
    await expect
      .poll(() => page.getByLabel('Short name (slug)').first().inputValue())
      .toBe('friends-of-heron-park');
    await page.getByLabel('Contact (optional)').first().fill('heron@example.org');
    await page.getByRole('button', { name: 'Add an organisation' }).click();
    await expect.poll(status).toBe('Added the organisation Friends of Heron Park.');
    const org = page
      .locator('.org-list > li')
      .filter({ has: page.getByRole('heading', { name: 'Friends of Heron Park' }) });
    await org.getByRole('heading', { name: 'Friends of Heron Park' }).waitFor();

    const before = smtp.mails.length;
    await org.getByLabel('E-mail address of the new editor').fill(EDITOR);
    await org.getByRole('button', { name: 'Invite' }).click();
    await expect.poll(status).toMatch(/Invited .*hedy\.editor@example\.org.*: a sign-in link is on its way/);
    await expect.poll(() => org.getByRole('list', { name: 'Editors' }).textContent()).toContain(EDITOR);
    const mail = await smtp.next(before);
    expect(mail.subject).toMatch(/invited/);
    expect(mail.text).toMatch(/gave you the role “editor”.*Friends of Heron Park/s);
    const link = /http:\/\/\S+\/admin\/sign-in\/link\?token=[A-Za-z0-9_-]{43}/.exec(mail.text ?? '');
    expect(link).not.toBeNull();
    await page.screenshot({ path: artifact('admin-organisations.png'), fullPage: true });
    expect(await axe()).toEqual([]);

    // the link signs the editor in (in a browser of their own)
    const ctx = await newTestContext(browser);
    const other = await ctx.newPage();
    await other.goto(link?.[0] as string);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('Editor · lindmere · Friends of Heron Park').waitFor();
    await ctx.close();
  });

  it('lists the editor with their role on the users page', async () => {
    await page
      .getByRole('navigation', { name: 'Go to' })
      .getByRole('link', { name: 'Users and roles' })
      .click();
    await page.getByRole('heading', { level: 1, name: pagesEn.users.heading }).waitFor();
    const row = page.getByRole('row').filter({ hasText: EDITOR });
    await expect.poll(() => row.textContent()).toMatch(/Editor · Friends of Heron Park/);
    expect(await row.getByRole('button', { name: `Disable ${EDITOR}` }).count()).toBe(1);
    await page.screenshot({ path: artifact('admin-users.png'), fullPage: true });
    expect(await axe()).toEqual([]);
  });

  it('checks a file on the imports page and shows its report row by row', async () => {
    await page.getByRole('navigation', { name: 'Go to' }).getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('heading', { level: 1, name: pagesEn.imports.heading }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: 'Recent imports' }).textContent())
      .toMatch(/centres-good\.csv/);
    await page.getByLabel('File', { exact: true }).setInputFiles(FIX('centres-broken.csv'));
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel('Mapping (optional)').fill(fs.readFileSync(FIX('generic-csv.json'), 'utf8'));
    expect(await page.getByLabel('Dry run: check only, change nothing').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/^Rejected: nothing was changed/);
    const report = page.getByRole('region', { name: /^Report: / });
    const rows = report.getByRole('table').last().getByRole('row');
    await expect.poll(() => rows.count()).toBe(4);
    expect((await rows.allTextContents()).slice(1).map((r) => /line \d+/.exec(r)?.[0])).toEqual([
      'line 3',
      'line 5',
      'line 6',
    ]);
    expect(await report.textContent()).toMatch(/3 errors, 0 warnings.*✖ Error/s);
    await page.screenshot({ path: artifact('admin-imports.png'), fullPage: true });
    expect(await axe()).toEqual([]);
  });

  it('changes a setting', async () => {
    await page.getByRole('navigation', { name: 'Go to' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: pagesEn.settings.heading }).waitFor();
    await page.getByLabel('Contact e-mail address (optional)').fill('hello@lindmere.example');
    await page.getByLabel('Digests go out at').selectOption('9');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(status).toBe('Saved the settings.');
    const res = await fetch(`${server.url}/api/config?tenant=lindmere`);
    expect(res.status).toBe(200);
    const row = await database.db
      .selectFrom('tenant_setting')
      .select(['contact_email', 'digest_hour'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ contact_email: 'hello@lindmere.example', digest_hour: 9 });
    await page.screenshot({ path: artifact('admin-settings.png'), fullPage: true });
    expect(await axe()).toEqual([]);
  });

  it('finds the organisation, the invitation and the setting in the audit log, with previous and new values', async () => {
    await page.getByRole('navigation', { name: 'Go to' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { level: 1, name: pagesEn.audit.heading }).waitFor();
    const table = page.locator('.admin-page table').first();
    await expect.poll(() => table.textContent()).toMatch(/tenant\.settings/);
    const text = (await table.textContent()) ?? '';
    for (const action of ['organisation.create', 'membership.add', 'account.create', 'tenant.settings'])
      expect(text).toContain(action);

    const settingsRow = page.getByRole('row').filter({ hasText: 'tenant.settings' }).first();
    await settingsRow.getByRole('button', { name: /^Show the change/ }).click();
    const diff = page.locator('table.diff');
    await diff.waitFor();
    const contact = diff.getByRole('row').filter({ hasText: 'contact_email' });
    expect(await contact.getAttribute('class')).toBe('changed');
    // the change is said in words, not only by colour
    expect(await contact.textContent()).toMatch(/contact_email\s*changed\s*null\s*hello@lindmere\.example/);
    const unchanged = diff.getByRole('row').filter({ hasText: 'default_locale' });
    expect(await unchanged.textContent()).toMatch(/unchanged/);
    await page.screenshot({ path: artifact('admin-audit.png'), fullPage: true });
    expect(await axe()).toEqual([]);

    // filtered to organisations: the new one, created; the CSV link carries the same filter
    await page.getByLabel('Kind of item').selectOption('organisation');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    // the unfiltered list has one organisation.create row too: wait for the other rows to go
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'tenant.settings' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'organisation.create' }).count()).toBe(1);
    const csv = await page.getByRole('link', { name: /CSV/ }).getAttribute('href');
    expect(csv).toBe('/api/admin/audit.csv?tenant=lindmere&entity=organisation');
    const body = await page.evaluate(
      async (u) => (await fetch(u, { credentials: 'same-origin' })).text(),
      csv as string,
    );
    expect(body).toMatch(/organisation\.create/);
    expect(body).not.toMatch(/tenant\.settings/);
  });

  it('moves kiosks into the frame: the kiosks page has the same navigation', async () => {
    await page.getByRole('navigation', { name: 'Go to' }).getByRole('link', { name: 'Kiosks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
    await page.getByRole('button', { name: /^Edit/ }).first().waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Go to' })
        .getByRole('link', { name: 'Kiosks' })
        .getAttribute('aria-current'),
    ).toBe('page');
  });

  it('speaks Hebrew, right to left, on every page', async () => {
    for (const [p, heading, shot] of [
      ['/admin/organisations', pagesHe.org.heading, 'admin-organisations-hebrew.png'],
      ['/admin/users', pagesHe.users.heading, 'admin-users-hebrew.png'],
      ['/admin/imports', pagesHe.imports.heading, 'admin-imports-hebrew.png'],
      ['/admin/settings', pagesHe.settings.heading, 'admin-settings-hebrew.png'],
      ['/admin/audit', pagesHe.audit.heading, 'admin-audit-hebrew.png'],
    ] as const) {
      await page.goto(`${server.url}${p}?lang=he`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await expect
        .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
        .toEqual(['he', 'rtl']);
      await page.getByRole('navigation', { name: authHe.goTo }).waitFor();
      if (p === '/admin/organisations') await page.getByText('Friends of Heron Park').first().waitFor();
      if (p === '/admin/audit') {
        await page
          .getByRole('row')
          .filter({ hasText: 'tenant.settings' })
          .first()
          .getByRole('button', { name: new RegExp(`^${pagesHe.audit.details}`) })
          .click();
        await page.locator('table.diff').waitFor();
      }
      if (p === '/admin/settings') await page.getByLabel(pagesHe.settings.timezone).waitFor();
      await page.screenshot({ path: artifact(shot), fullPage: true });
      expect(await axe(), p).toEqual([]);
    }
    // back to English for whoever runs next on this device
    await page.goto(`${server.url}/admin/audit?lang=en`);
  });
});
