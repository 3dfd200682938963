/**
 * The residents' participation pages in Chromium against the real API and a real SMTP server
 * (one database, like the other browser tests): the proposal form's checks announced (summary
 * with role=alert taking the focus, fields marked), the honeypot out of reach, a resident
 * proposing an initiative placed the keyboard way (a neighbourhood), confirming it from the mail
 * and seeing the confirmation; screenshots of the proposal form and the need pin in English and
 * Hebrew (right to left), and at a phone's width.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { addUser, signIn } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  mapIdle,
  newTestContext,
  seriousViolations,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { ensureWebBuild } from '../support/web-build.ts';

setGenerousWaits();

// startServer takes parsed settings: every rate limit off (null), as RATE_LIMITS_OFF says in env form
const limitsOff = Object.fromEntries(Object.keys(RATE_LIMITS_OFF).map((k) => [k, null]));

async function participateMapIdle(page: Page) {
  await page.locator('.p-map canvas').waitFor();
  await mapIdle(page, '__participateMap' as '__commonsMap');
}

describe.skipIf(!browserAvailable())('participation pages in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let smtp: TestSmtp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function open(path: string, width = 1280): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width, height: 900 } });
    contexts.push(ctx);
    await ctx.addInitScript("localStorage.setItem('cm.audiences', '[]');");
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.error(`page error on ${path}: ${e.message}`));
    await page.goto(`${server.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    await ensureWebBuild();
    database = await openTestDatabase('pglite');
    smtp = await startTestSmtp();
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn', SMTP_URL: smtp.url, ...limitsOff },
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
    await smtp?.close();
    await database?.close();
  });

  it('checks the proposal form before sending: the errors are announced and each field is marked', async () => {
    const page = await open('/propose?lang=en');
    await page.getByRole('heading', { level: 1, name: 'Propose something' }).waitFor();
    await page.getByRole('button', { name: 'Send the proposal' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Please correct' });
    await summary.waitFor();
    // the summary takes the focus, so a screen reader reads it out
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await summary.textContent()).toContain('Give it a name.');
    expect(await summary.textContent()).toContain('Enter an e-mail address');
    expect(await page.getByLabel(/^Name/).getAttribute('aria-invalid')).toBe('true');
    // a summary's link leads to its field
    await summary.getByRole('link', { name: 'Give it a name.' }).click();
    expect(await page.getByLabel(/^Name/).evaluate((el) => el === document.activeElement)).toBe(true);
    // the honeypot: out of the tab order and of the accessibility tree
    const honeypot = page.locator('input[name="website"]');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await page.locator('.p-honeypot').getAttribute('aria-hidden')).toBe('true');
    expect(await page.getByRole('textbox', { name: 'Leave this field empty' }).count()).toBe(0);
    // axe finds nothing serious on the form with its errors shown, nor in Hebrew
    expect(await seriousViolations(page)).toEqual([]);
    const he = await open('/propose?lang=he');
    await he.locator('#p-title').waitFor();
    await he.locator('.p-map canvas').waitFor();
    expect(await seriousViolations(he)).toEqual([]);
  });

  it('a resident proposes an initiative, confirms it from the mail and sees the confirmation', async () => {
    const page = await open('/propose?lang=en');
    await page.getByRole('heading', { level: 1, name: 'Propose something' }).waitFor();
    await page.getByRole('radio', { name: 'An initiative', exact: true }).check();
    await page.getByLabel(/^Name/).fill('Repair café at the library');
    await page
      .getByLabel(/^What it is about/)
      .fill('Bring a broken toaster or bike; neighbours help fix it. Every first Saturday.');
    await page.getByRole('checkbox', { name: 'Everyone' }).check({ force: true });
    await page.getByRole('radio', { name: 'Only a neighbourhood' }).check();
    const select = page.getByLabel(/^Neighbourhood/);
    const area = await select.locator('option').nth(1).getAttribute('value');
    await select.selectOption(area as string);
    await page.getByLabel(/^Your e-mail address/).fill('ada@example.org');
    const seen = smtp.mails.length;
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/proposals') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send the proposal' }).click(),
    ]);
    expect(response.status()).toBe(202);
    expect(response.request().postDataJSON()).toMatchObject({
      kind: 'initiative',
      location: { area_id: area },
      website: '',
    });
    await page.getByRole('status').filter({ hasText: 'Check your inbox' }).waitFor();
    const mail = await smtp.next(seen);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('ada@example.org');
    // without PUBLIC_URL the links are the server's own address (server/http/public-url.ts)
    const link = /https?:\/\/[^/\s]+(\/\S*?participate\/confirm\?token=[\w-]+)/.exec(mail.text ?? '')?.[1];
    expect(link).toBeTruthy();
    const confirm = await open(link as string);
    const adaProposal = () =>
      database.db
        .selectFrom('proposal')
        .select('status')
        .where('email', '=', 'ada@example.org')
        .executeTakeFirstOrThrow();
    await confirm.getByRole('heading', { level: 1, name: 'Confirm' }).waitFor();
    // opening the link confirms nothing: the button does
    expect(await adaProposal()).toEqual({ status: 'unconfirmed' });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await confirm.getByRole('status').filter({ hasText: 'your proposal is confirmed' }).waitFor();
    expect(await adaProposal()).toEqual({ status: 'pending' });
    // the same link again: the server says it is already done, the page still thanks
    const again = await open(link as string);
    await again.getByRole('button', { name: 'Confirm' }).click();
    await again.getByRole('status').filter({ hasText: 'your proposal is confirmed' }).waitFor();
  });

  it('screenshots: the proposal form and the need pin, in English and Hebrew, and on a phone', async () => {
    for (const lang of ['en', 'he'] as const) {
      const page = await open(`/propose?lang=${lang}`);
      await page.locator('#p-title').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'he' ? 'rtl' : 'ltr');
      await page.locator('input[name="kind"][value="group"]').check();
      await page
        .locator('#propose-title')
        .fill(lang === 'he' ? 'קבוצת הליכה של שבת' : 'Saturday walking group');
      await page.locator('input[name="when"][value="weekly"]').check();
      await participateMapIdle(page);
      // a click on the map puts the point
      await page.locator('.p-map canvas').click();
      await page
        .locator('.p-point-status')
        .filter({ hasText: lang === 'he' ? 'הנקודה' : 'The point is set' })
        .waitFor();
      await participateMapIdle(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: artifact(`participation-propose-${lang}.png`), fullPage: true });

      const need = await open(`/need?lang=${lang}`);
      await need.locator('#p-title').waitFor();
      await need
        .locator('#need-text')
        .fill(lang === 'he' ? 'אין כאן כלום לבני נוער' : 'Nothing for teenagers here');
      await participateMapIdle(need);
      await need.locator('.p-map canvas').click();
      await need.locator('.point-marker').waitFor();
      await participateMapIdle(need);
      await need.evaluate(() => window.scrollTo(0, 0));
      await need.screenshot({ path: artifact(`participation-need-${lang}.png`), fullPage: true });
    }
    const phone = await open('/propose?lang=he', 390);
    await phone.locator('#p-title').waitFor();
    await participateMapIdle(phone);
    // nothing wider than the phone's screen
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: artifact('participation-propose-he-phone.png'), fullPage: true });
  });
  it('on the resident map: the Resident initiative mark, Show the join link, the needs layer and the support dialog', async () => {
    const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
    const json = { 'content-type': 'application/json' };
    // a private group, proposed and confirmed through the API, and a need
    const confirmFromMail = async (seen: number) => {
      const mail = await smtp.next(seen);
      const token = /participate\/confirm\?token=([\w-]+)/.exec(mail.text ?? '')?.[1];
      const r = await api('/api/participation/confirm', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token }),
      });
      expect(r.status).toBe(200);
    };
    let seen = smtp.mails.length;
    const hoods = (await (await api('/api/layers/neighbourhoods')).json()) as GeoJSON.FeatureCollection;
    const p = await api('/api/proposals', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        kind: 'group',
        title: 'New mothers of the river bank',
        description: 'A chat group to meet and help each other.',
        language: 'en',
        audiences: ['new-parents'],
        location: { area_id: String(hoods.features[0]?.id) },
        email: 'mia@example.org',
        website: '',
        join: { url: 'https://chat.whatsapp.com/AbCdEf123', platform: 'whatsapp', private: true },
      }),
    });
    expect(p.status).toBe(202);
    await confirmFromMail(seen);
    seen = smtp.mails.length;
    const config = (await (await api('/api/config')).json()) as {
      tenant: { home: { center: [number, number] } };
    };
    const [lon, lat] = config.tenant.home.center;
    const n = await api('/api/needs', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        text: 'Shade and a bench for seniors',
        language: 'en',
        audiences: ['seniors'],
        location: { lon, lat },
        email: 'noa@example.org',
        website: '',
      }),
    });
    expect(n.status).toBe(202);
    await confirmFromMail(seen);
    // a moderator publishes both
    await addUser(database.db, { tenant: 'lindmere', email: 'mod@example.org', role: 'moderator' });
    const mod = await signIn({ request: api }, 'mod@example.org');
    for (const type of ['proposal', 'need'] as const) {
      const q = (await (
        await api(`/api/admin/moderation?type=${type}&status=pending`, { headers: mod.write })
      ).json()) as { items: { id: string; updated_at: string }[] };
      for (const item of q.items) {
        const r = await api(`/api/admin/moderation/${type}/${item.id}`, {
          method: 'POST',
          headers: mod.write,
          body: JSON.stringify({ action: 'publish', expected_updated_at: item.updated_at }),
        });
        expect(r.status).toBe(200);
      }
    }
    const group = await database.db
      .selectFrom('proposal')
      .select('opportunity_id')
      .where('email', '=', 'mia@example.org')
      .executeTakeFirstOrThrow();

    for (const lang of ['en', 'he'] as const) {
      const page = await open(`/?lang=${lang}&item=programs:${group.opportunity_id}`);
      await mapIdle(page);
      const details = page.locator('.details');
      await details.locator('.p-mark').waitFor();
      if (lang === 'en') {
        expect(await details.locator('.p-mark').textContent()).toBe('Resident initiative');
        // a private group's link is not in the page until asked for
        expect(await page.content()).not.toContain('AbCdEf123');
        await details.getByRole('button', { name: 'Show the join link' }).click();
        const link = details.getByRole('link', { name: 'Join on WhatsApp' });
        await link.waitFor();
        expect(await link.getAttribute('href')).toBe('https://chat.whatsapp.com/AbCdEf123');
        expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
        await details.getByRole('button', { name: 'Support' }).waitFor();
      }
      // the needs layer: off at first, on from the legend; the need is in the list and opens
      const toggle = page.locator('.legend input[name="needs"]');
      expect(await toggle.isChecked()).toBe(false);
      await toggle.check();
      const item = page.locator('.feature-item[data-layer="needs"]').first();
      await item.waitFor();
      await item.click();
      await details.locator('.p-support').waitFor();
      expect(await details.textContent()).toContain('Shade and a bench for seniors');
      await details.locator('.p-support > button').click();
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await dialog
        .locator('input[type="email"]')
        .fill(lang === 'en' ? 'sam@example.org' : 'dana@example.org');
      const before = smtp.mails.length;
      await dialog.locator('button[type="submit"]').click();
      await dialog.getByRole('status').waitFor();
      await smtp.next(before);
      await mapIdle(page);
      await page.screenshot({ path: artifact(`participation-map-support-${lang}.png`) });
      await dialog.getByRole('button').click();
      await page.locator('.panel').screenshot({ path: artifact(`participation-map-panel-${lang}.png`) });
      // the need opened from a shared link (no list behind it) is titled by its text, said once
      const need = await database.db
        .selectFrom('need')
        .select('id')
        .where('text', '=', 'Shade and a bench for seniors')
        .executeTakeFirstOrThrow();
      {
        const shared = await open(`/?lang=${lang}&item=needs:${need.id}`);
        const heading = shared.locator('#details-title');
        await shared.locator('.details .p-support').waitFor();
        expect(await heading.textContent()).toBe('Shade and a bench for seniors');
        // the text is the heading: not repeated as a description below it
        expect(await shared.locator('.details dd.description').count()).toBe(0);
        await shared.close();
      }
    }
  });
  it('a returned proposal is changed on the edit page and sent again', async () => {
    const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
    const json = { 'content-type': 'application/json' };
    const config = (await (await api('/api/config')).json()) as {
      tenant: { home: { center: [number, number] } };
    };
    const [lon, lat] = config.tenant.home.center;
    let seen = smtp.mails.length;
    const p = await api('/api/proposals', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        kind: 'activity',
        title: 'Chess in the park',
        description: 'Bring a board.',
        language: 'en',
        location: { lon, lat },
        schedules: [{ dtstart: '2030-05-04T10:00', duration_minutes: 90, rrule: 'FREQ=WEEKLY;BYDAY=SA' }],
        email: 'leo@example.org',
        website: '',
      }),
    });
    expect(p.status).toBe(202);
    const token = /participate\/confirm\?token=([\w-]+)/.exec((await smtp.next(seen)).text ?? '')?.[1];
    expect(
      (
        await api('/api/participation/confirm', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ token }),
        })
      ).status,
    ).toBe(200);
    await addUser(database.db, { tenant: 'lindmere', email: 'mod2@example.org', role: 'moderator' });
    const mod = await signIn({ request: api }, 'mod2@example.org');
    const row = await database.db
      .selectFrom('proposal')
      .select(['id'])
      .where('email', '=', 'leo@example.org')
      .executeTakeFirstOrThrow();
    const item = (await (
      await api(`/api/admin/moderation/proposal/${row.id}`, { headers: mod.write })
    ).json()) as { updated_at: string };
    seen = smtp.mails.length;
    const returned = await api(`/api/admin/moderation/proposal/${row.id}`, {
      method: 'POST',
      headers: mod.write,
      body: JSON.stringify({
        action: 'return',
        reason: 'Please say which park.',
        expected_updated_at: item.updated_at,
      }),
    });
    expect(returned.status).toBe(200);
    const edit = /https?:\/\/[^/\s]+(\/\S*?participate\/edit\?token=[\w-]+)/.exec(
      (await smtp.next(seen)).text ?? '',
    )?.[1];
    expect(edit).toBeTruthy();
    const page = await open(`${edit}&lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Change your proposal' }).waitFor();
    expect(await page.locator('.p-reason').textContent()).toContain('Please say which park.');
    // the form holds what was sent: the kind, the name, the weekly time
    expect(await page.getByLabel(/^Name/).inputValue()).toBe('Chess in the park');
    expect(await page.getByRole('radio', { name: 'An activity', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'Every week', exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#propose-time').inputValue()).toBe('10:00');
    await page.getByLabel(/^Name/).fill('Chess in the river park');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/proposals/edit') && r.request().method() === 'PUT'),
      page.getByRole('button', { name: 'Send it again' }).click(),
    ]);
    expect(response.status()).toBe(200);
    await page.getByRole('status').filter({ hasText: 'back with the moderators' }).waitFor();
    expect(
      await database.db
        .selectFrom('proposal')
        .select('status')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'pending' });
  });
  it('a resident answers the town’s survey in Hebrew: its questions, a point, the e-mail', async () => {
    const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
    const config = (await (await api('/api/config')).json()) as {
      tenant: { locales: string[]; home: { center: [number, number] } };
    };
    const text = (en: string, he: string) =>
      Object.fromEntries(config.tenant.locales.map((l) => [l, l === 'he' ? he : en]));
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    await addUser(database.db, { tenant: 'lindmere', email: 'admin-s@example.org', role: 'admin' });
    const admin = await signIn({ request: api }, 'admin-s@example.org');
    const created = await api('/api/admin/surveys', {
      method: 'POST',
      headers: admin.write,
      body: JSON.stringify({
        title: text('What is missing in your street?', 'מה חסר ברחוב שלך?'),
        opens_on: day(-2),
        closes_on: day(2),
        questions: [
          { key: 'shade', kind: 'yes_no', label: text('Is there enough shade?', 'האם יש מספיק צל?') },
          { key: 'who', kind: 'audiences', label: text('Who would use it?', 'מי ישתמש בזה?') },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const [lon, lat] = config.tenant.home.center;
    const page = await open(`/survey/${id}?lang=he&near=${lon},${lat}`);
    await page.getByRole('heading', { level: 1, name: 'מה חסר ברחוב שלך?' }).waitFor();
    await page.getByRole('radio', { name: 'לא' }).check();
    await page.locator('.p-questions').getByRole('checkbox', { name: 'גיל הזהב' }).check({ force: true });
    await page.locator('#survey-text').fill('ספסלים בצל ליד התחנה');
    await page.locator('#survey-email').fill('rina@example.org');
    await participateMapIdle(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: artifact('participation-survey-he.png'), fullPage: true });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/needs') && r.request().method() === 'POST'),
      page.locator('button[type="submit"]').click(),
    ]);
    expect(response.status()).toBe(202);
    expect(response.request().postDataJSON()).toMatchObject({
      campaign_id: id,
      answers: { shade: false, who: ['seniors'] },
      language: 'he',
      location: { lon, lat },
    });
    await page.getByRole('status').filter({ hasText: 'rina@example.org' }).waitFor();
  });
});
