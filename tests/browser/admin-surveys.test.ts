/**
 * The survey campaigns page (/admin/surveys) in Chromium: an admin signs in, creates a campaign
 * with a question, reads the results of one that residents answered (counts per answer and per
 * neighbourhood), in English and in Hebrew (right to left). Screenshots of both, axe (no serious
 * or critical violations).
 */
import { randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/needs/queries.ts';
import { type RunningServer, startServer } from '../../server/main.ts';
import he from '../../web/admin/surveys/locales/he.ts';
import { addUser, PASSWORD } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  setGenerousWaits,
} from '../support/browser.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { pointsInNeighbourhoods } from '../support/participation.ts';

setGenerousWaits();

describe.skipIf(!browserAvailable())('survey campaigns page in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const campaignId = randomUUID();
  let hoodIds: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    const db = database.db;
    await addUser(db, { tenant: 'lindmere', email: 'sura.admin@example.org', role: 'admin' });
    const tenant = await db
      .selectFrom('tenant')
      .select(['id', 'timezone'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const today = todayIn(tenant.timezone, Date.now());
    const hoods = await pointsInNeighbourhoods(db, tenant.id, 2);
    hoodIds = hoods.map((h) => h.areaId);
    await db
      .insertInto('survey_campaign')
      .values({
        id: campaignId,
        tenant_id: tenant.id,
        title: JSON.stringify({ en: 'What is missing in your street?', he: 'מה חסר ברחוב שלכם?' }),
        intro: '{}',
        area_ids: [],
        opens_on: today,
        closes_on: today,
        questions: JSON.stringify([
          { key: 'help', kind: 'yes_no', label: { en: 'Would you help?', he: 'האם תעזרו?' } },
        ]),
      })
      .execute();
    // three confirmed answers: two in the first neighbourhood, one in the second
    for (const [i, h] of [hoods[0], hoods[0], hoods[1]].entries()) {
      if (!h) throw new Error('two neighbourhoods needed');
      const at = sql`ST_SetSRID(ST_MakePoint(${h.lon}, ${h.lat}), 4326)` as never;
      await db
        .insertInto('need')
        .values({
          id: randomUUID(),
          tenant_id: tenant.id,
          status: 'pending',
          text: 'Survey answer',
          language: 'en',
          geom: at,
          public_geom: at,
          area_id: h.areaId,
          campaign_id: campaignId,
          answers: JSON.stringify({ help: i !== 1 }),
          email: `answer${i}@example.org`,
          email_hash: `h${i}`,
        })
        .execute();
    }
    browser = await launchBrowser();
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await ctx.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  const axe = async () => {
    const r = await new AxeBuilder({ page }).analyze();
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes[0]?.html}`);
  };

  it('creates a campaign and shows the results of an answered one', async () => {
    await page.goto(`${server.url}/admin/surveys`);
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.getByLabel('E-mail address').fill('sura.admin@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Survey campaigns' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'What is missing in your street?' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Open', '3']));

    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel(/^Title in \u2068?English/).fill('Shade and benches');
    await page.getByLabel(/^Question in \u2068?English/).first().fill('What is missing near you?');
    await page.screenshot({ path: artifact('admin-surveys-form-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create the campaign' }).click();
    await expect.poll(() => page.locator('[role="status"].notice').textContent()).toBe('Campaign created.');
    await page.getByRole('row').filter({ hasText: 'Shade and benches' }).waitFor();

    await row.getByRole('button', { name: 'Results' }).click();
    const table = page
      .getByRole('table')
      .filter({ has: page.locator('caption', { hasText: 'Would you help?' }) });
    await table.waitFor();
    const yes = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'yes' }) });
    // all, then one column per neighbourhood (the one with two answers first)
    expect((await yes.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['2', '1', '1']);
    expect(await page.getByText('3 confirmed answers').count()).toBe(1);
    expect(hoodIds).toHaveLength(2);
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: artifact('admin-surveys-en.png'), fullPage: true });
  });

  it('speaks Hebrew, right to left', async () => {
    await page.goto(`${server.url}/admin/surveys?lang=he`);
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    await page.getByRole('heading', { level: 1, name: he.heading }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'מה חסר ברחוב שלכם?' });
    await row.getByRole('button', { name: he.results }).click();
    await page.locator('caption', { hasText: 'האם תעזרו?' }).waitFor();
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: artifact('admin-surveys-he.png'), fullPage: true });
    await page.getByRole('button', { name: he.newCampaign }).click();
    await page.getByRole('heading', { level: 2, name: he.formNew }).waitFor();
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: artifact('admin-surveys-form-he.png'), fullPage: true });
  });
});
