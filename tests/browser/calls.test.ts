/**
 * The public page of a funding call in Chromium, English and Hebrew: a call collecting supports
 * (its facts, its initiatives with cost and supports, the support dialog with the residents-only
 * declaration) and a decided one (the ranked result within the budget, the funded ones marked).
 * The rows are made in the database here: the flow itself (submit, confirm, moderate, support,
 * fund) is tests/api/calls.test.ts. Screenshots in tests/artifacts/calls-*.png; axe on both.
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import { addUser, PASSWORD } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const HOUR = 3_600_000;
const INITIATIVES = [
  { title: { en: 'Community fridge', he: 'מקרר קהילתי' }, cost: 6000, supports: 3 },
  { title: { en: 'Repair café tools', he: 'כלים לקפה תיקונים' }, cost: 3000, supports: 2 },
  { title: { en: 'Courtyard pergola', he: 'פרגולה בחצר' }, cost: 5000, supports: 2 },
  { title: { en: 'Seed library shelf', he: 'מדף לספריית זרעים' }, cost: 1000, supports: 1 },
];

async function seedCall(database: TestDatabase, o: { decided: boolean }): Promise<string> {
  const db = database.db;
  const tenant = await db.selectFrom('tenant').select('id').orderBy('id').executeTakeFirstOrThrow();
  const { rows } = await sql<{ id: string; lon: number; lat: number }>`
    SELECT a.id::text AS id, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
    FROM area a WHERE a.tenant_id = ${tenant.id} AND a.kind = 'neighbourhood' ORDER BY a.name LIMIT 1`.execute(
    db,
  );
  const area = rows[0];
  if (!area) throw new Error('no neighbourhood');
  const now = Date.now();
  const at = (h: number) => new Date(now + h * HOUR).toISOString();
  const id = randomUUID();
  await db
    .insertInto('funding_call')
    .values({
      id,
      tenant_id: tenant.id,
      title: JSON.stringify(
        o.decided
          ? { en: 'Youth micro-grants 2026', he: 'מענקים קטנים לנוער 2026' }
          : { en: 'Our street, our budget', he: 'הרחוב שלנו, התקציב שלנו' },
      ),
      description: JSON.stringify({
        en: 'Small projects by residents of the neighbourhood, chosen by the neighbours.',
        he: 'מיזמים קטנים של תושבי השכונה, שהשכנים בוחרים.',
      }),
      rules: JSON.stringify({
        en: 'One support per e-mail address. Only residents of the area count.',
        he: 'תמיכה אחת לכל כתובת דואר. נספרות רק תמיכות של תושבי האזור.',
      }),
      budget: 10_000,
      currency: 'EUR',
      max_amount: 6000,
      area_ids: [area.id],
      submissions_open: at(o.decided ? -96 : -48),
      submissions_close: at(o.decided ? -72 : 24),
      supports_open: at(o.decided ? -72 : -24),
      supports_close: at(o.decided ? -2 : 48),
      residents_only: true,
      status: o.decided ? 'decided' : 'open',
    })
    .execute();
  for (const [i, item] of INITIATIVES.entries()) {
    const pid = randomUUID();
    await db
      .insertInto('proposal')
      .values({
        id: pid,
        tenant_id: tenant.id,
        kind: 'initiative',
        status: 'published',
        title: JSON.stringify(item.title),
        description: JSON.stringify({ en: 'What we will build, with whom.', he: 'מה נבנה, ועם מי.' }),
        language: 'en',
        schedules: '[]',
        public_contact: '{}',
        geom: sql<string>`ST_SetSRID(ST_MakePoint(${Number(area.lon)}, ${Number(area.lat)}), 4326)` as never,
        area_id: area.id,
        email: `proposer-${i}@example.net`,
        email_hash: `hash-${id}-${i}`,
        call_id: id,
        cost: item.cost,
        cost_note: i === 0 ? 'fridge and electricity for a year' : null,
        submitted_at: at(-50 + i),
        funded_at: o.decided && i !== 2 ? at(-1) : null,
        funded_amount: o.decided && i !== 2 ? item.cost : null,
      })
      .execute();
    for (let s = 0; s < item.supports; s++)
      await db
        .insertInto('support')
        .values({
          id: randomUUID(),
          tenant_id: tenant.id,
          target_type: 'proposal',
          target_id: pid,
          email_hash: `support-${pid}-${s}`,
          email: null,
          language: 'en',
          lives_in_area: true,
          status: 'confirmed',
          created_at: sql`${at(o.decided ? -10 : -1)}::timestamptz` as never,
          confirmed_at: sql`${at(o.decided ? -10 : -1)}::timestamptz` as never,
        })
        .execute();
  }
  return id;
}

describe.skipIf(!browserAvailable())('a funding call in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let open = '';
  let decided = '';

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    await addUser(database.db, { tenant: 'lindmere', email: 'budget@example.org', role: 'admin' });
    open = await seedCall(database, { decided: false });
    decided = await seedCall(database, { decided: true });
    browser = await launchBrowser();
    page = await (await newTestContext(browser, { viewport: { width: 1100, height: 1500 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const axe = async () => {
    const r = await new AxeBuilder({ page }).analyze();
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  };

  it('shows a call collecting supports, in English, with the support dialog', async () => {
    await page.goto(`${server.url}/calls/${open}?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Our street, our budget' }).waitFor();
    // submissions and supports both open: the phase named is the submissions'
    await page.getByText('Taking initiatives').first().waitFor();
    expect(await page.locator('.c-facts').textContent()).toContain('€10,000');
    const cards = page.locator('#c-list ~ ul .c-card');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await cards.first().textContent()).toMatch(/Community fridge.*€6,000.*3 supports/);
    // no ranking while supports are collected
    expect(await page.locator('#c-result').count()).toBe(0);
    await page.screenshot({ path: artifact('calls-public-en.png'), fullPage: true });
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Support this' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('I live in the area of this call').waitFor();
    await page.screenshot({ path: artifact('calls-support-dialog-en.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('shows the same call right to left in Hebrew, amounts isolated', async () => {
    await page.goto(`${server.url}/calls/${open}?lang=he`);
    await page.getByRole('heading', { level: 1, name: 'הרחוב שלנו, התקציב שלנו' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText('מקרר קהילתי').waitFor();
    expect(await page.locator('.c-facts bdi').first().textContent()).toMatch(/10,000/);
    await page.screenshot({ path: artifact('calls-public-he.png'), fullPage: true });
    expect(await axe()).toEqual([]);
  });

  it('shows a decided call with its ranked result within the budget, in both languages', async () => {
    await page.goto(`${server.url}/calls/${decided}?lang=en`);
    await page.getByRole('heading', { level: 2, name: 'Result' }).waitFor();
    const rows = page.locator('.c-table tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const text = await rows.allTextContents();
    expect(text[0]).toMatch(/1.*Community fridge.*3.*€6,000.*Funded/);
    expect(text[2]).toMatch(/3.*Courtyard pergola.*2.*€5,000.*Does not fit/);
    expect((await page.locator('.c-total').textContent())?.replace(/[\u2068\u2069]/g, '')).toContain(
      '€10,000 of €10,000 (€0 left)',
    );
    await page.screenshot({ path: artifact('calls-decided-en.png'), fullPage: true });
    expect(await axe()).toEqual([]);
    await page.goto(`${server.url}/calls/${decided}?lang=he`);
    await page.getByRole('heading', { level: 2, name: 'תוצאה' }).waitFor();
    await page.screenshot({ path: artifact('calls-decided-he.png'), fullPage: true });
  });

  it('lets an admin see the live ranking of a call on /admin/calls', async () => {
    await page.goto(`${server.url}/admin/calls?lang=en`);
    await page.waitForURL(/\/admin\/sign-in/);
    await page.getByLabel('E-mail address').fill('budget@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // signed in (the account page or back to the page asked for), then the calls page
    await page.waitForURL((u) => !u.pathname.endsWith('/sign-in'));
    await page.goto(`${server.url}/admin/calls`);
    await page.getByRole('heading', { level: 1, name: 'Funding calls' }).waitFor();
    const card = page.locator('li.card').filter({ hasText: 'Our street, our budget' });
    await card.getByRole('button', { name: 'Ranking and funding' }).click();
    const rows = card.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    // live: supports still open, nothing to fund yet; the greedy fit is what is ticked
    await card.getByText('Supports are still being collected').waitFor();
    expect(await card.locator('input[type=checkbox]:checked').count()).toBe(3);
    await page.screenshot({ path: artifact('calls-admin-en.png'), fullPage: true });
    expect(await axe()).toEqual([]);
  });
});
