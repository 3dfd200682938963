/**
 * Reach in the planner, in Chromium, on the demo town: participation counts imported through the
 * API by a planner, residents' proposals, needs and supports in the database; the map coloured by
 * reach with the "lowest reach" layer, the table's reach / proposals / needs / supports columns,
 * the town's figure, a neighbourhood's profile with its reach; English and Hebrew (right to left).
 * Screenshots in tests/artifacts (reach-planner-en.png, reach-planner-he.png).
 */
import AxeBuilder from '@axe-core/playwright';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import plannerEn from '../../web/planner/locales/en.ts';
import reachEn from '../../web/admin/participation/locales/en.ts';
import reachHe from '../../web/admin/participation/locales/he.ts';
import plannerHe from '../../web/planner/locales/he.ts';
import { addUser, PASSWORD, signIn } from '../support/accounts.ts';
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

function renderedIn(page: Page, layer: string): Promise<number> {
  return page.evaluate((id) => {
    const map = (window as unknown as { __plannerMap?: { queryRenderedFeatures: (o: unknown) => unknown[] } })
      .__plannerMap;
    return map ? map.queryRenderedFeatures({ layers: [id] }).length : 0;
  }, layer);
}

/** text without the isolates that wrap figures (U+2068 … U+2069) */
const plain = (s: string | null) => (s ?? '').replace(/[\u2068\u2069]/g, '');

const VIEW =
  'set=gardens&audience=seniors&metric=reach&unreached=1&proposals=1&needs=1&from=2026-01-01&to=2026-03-31';

describe.skipIf(!browserAvailable())('reach in the planner, in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let names: string[];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    const db = database.db;
    const tenant = await db
      .selectFrom('tenant')
      .select(['id', 'slug'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const areas = await db
      .selectFrom('area')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenant.id)
      .where('kind', '=', 'neighbourhood')
      .orderBy('name')
      .execute();
    names = areas.map((a) => a.name);
    // seniors who took part in the first quarter, from most neighbourhoods (none from the last two)
    const csv = [
      'programme,period_start,period_end,measure,count,home_neighbourhood,age_band',
      ...areas
        .slice(0, -2)
        .map(
          (a, i) =>
            `Seniors walking club,2026-01-01,2026-03-31,participants,${20 + 15 * i},"${a.name}",65-79`,
        ),
    ].join('\n');
    const remote = { request: (p: string, init?: RequestInit) => fetch(`${server.url}${p}`, init) };
    await addUser(db, { tenant: tenant.slug, email: 'reach-planner@example.org', role: 'planner' });
    const planner = await signIn(remote, 'reach-planner@example.org');
    const res = await remote.request(`/api/admin/participation/import?tenant=${tenant.slug}`, {
      method: 'POST',
      headers: planner.write,
      body: JSON.stringify({ batch: 'q1-2026', csv }),
    });
    expect(res.status).toBe(200);
    // two published proposals and a need in the first neighbourhood, with supports
    const first = areas[0]?.id as string;
    const point = sql`(SELECT ST_PointOnSurface(geom) FROM area WHERE id = ${first})`;
    const proposal = crypto.randomUUID();
    for (const id of [proposal, crypto.randomUUID()])
      await sql`INSERT INTO proposal (id, tenant_id, kind, status, title, language, email, email_hash, area_id, geom)
        VALUES (${id}, ${tenant.id}, 'initiative', 'published', '{"en":"Repair café"}'::jsonb, 'en', 'a@example.org', 'h', ${first}, ${point})`.execute(
        db,
      );
    await sql`INSERT INTO need (id, tenant_id, status, text, language, geom, public_geom, email, email_hash, area_id)
      VALUES (${crypto.randomUUID()}, ${tenant.id}, 'published', 'A bench in the shade', 'en', ${point}, ${point}, 'b@example.org', 'h', ${first})`.execute(
      db,
    );
    for (const n of [1, 2, 3])
      await sql`INSERT INTO support (id, tenant_id, target_type, target_id, email_hash, language, status)
        VALUES (${crypto.randomUUID()}, ${tenant.id}, 'proposal', ${proposal}, ${`s${n}`}, 'en', 'confirmed')`.execute(
        db,
      );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  async function open(lang: 'en' | 'he'): Promise<Page> {
    const ctx = await newTestContext(browser, { viewport: { width: 1600, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/planner?${VIEW}&lang=${lang}`);
    await page.waitForSelector('.rank-table tbody tr');
    await page.waitForSelector('.reach-summary');
    await mapIdle(page, '__plannerMap');
    return page;
  }

  it('maps reach, outlines the lowest, and adds reach and what residents started to the table and profile', async () => {
    const page = await open('en');
    const t = plannerEn;
    await expect.poll(() => page.locator('.choropleth-legend').textContent()).toContain(t.metrics.reach);
    await expect
      .poll(() => page.locator('.choropleth-legend').textContent())
      .toContain('Lowest reach: Seniors not reached');
    await expect.poll(() => renderedIn(page, 'planner-unreached-line')).toBeGreaterThan(0);
    // residents' published proposals and need as points (the layers of /api/layers/proposals and /needs)
    await expect.poll(() => renderedIn(page, 'planner-proposals-point')).toBe(2);
    await expect.poll(() => renderedIn(page, 'planner-needs-point')).toBe(1);
    await expect.poll(() => renderedIn(page, 'planner-fill')).toBeGreaterThanOrEqual(names.length);
    await expect
      .poll(async () => plain(await page.locator('.reach-summary').textContent()))
      .toMatch(/Town: [\d.]+% of Seniors reached/);
    // the columns (in the table's "Reach and residents" group of columns), and the first
    // neighbourhood's proposals, needs and supports
    await page.getByRole('button', { name: t.table.groupReach, exact: true }).click();
    await page.locator('.table-columns button[aria-pressed="true"]', { hasText: t.table.groupReach }).waitFor();
    const head = (await page.locator('.rank-table thead').textContent()) ?? '';
    for (const c of [t.table.reach, t.table.proposals, t.table.needs, t.table.supports])
      expect(head).toContain(c);
    const row = page.locator('.rank-table tbody tr', {
      has: page.getByRole('button', { name: names[0] as string, exact: true }),
    });
    await expect
      .poll(async () => (await row.locator('td').allTextContents()).slice(-4))
      .toEqual([expect.stringMatching(/^[\d.]+%$/), '2', '1', '3']);
    // the lowest reach first when sorted by it: the two neighbourhoods nobody came from
    await page.locator('.rank-table thead').getByRole('button', { name: /^Reach/ }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: /^Reach/ }).waitFor();
    await page.locator('.rank-table thead').getByRole('button', { name: /^Reach/ }).click();
    await page.locator('th[aria-sort="ascending"]', { hasText: /^Reach/ }).waitFor();
    const firstTwo = (await page
      .locator('.rank-table tbody tr')
      .evaluateAll((rows) =>
        rows.slice(0, 2).map((r) => r.querySelector('td:nth-last-child(4)')?.textContent),
      )) as string[];
    expect(firstTwo).toEqual(['0%', '0%']);
    await row.locator('.row-open').click();
    const profile = page.locator('.profile');
    await expect
      .poll(async () => plain(await profile.textContent()))
      .toMatch(/Reach: Seniors.*Rank \(1 = lowest reach\).*proposals: 2 · needs: 1 · supports: 3/s);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('reach-planner-en.png') });
    const axe = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.context().close();
  });

  it('speaks Hebrew, right to left', async () => {
    const page = await open('he');
    const t = plannerHe;
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    await expect.poll(() => page.locator('.choropleth-legend').textContent()).toContain(t.metrics.reach);
    await expect.poll(() => page.locator('.rank-table thead').textContent()).toContain(t.table.reach);
    await expect.poll(() => page.locator('.reach-summary').textContent()).toContain('העיר:');
    await page.locator('.rank-table tbody tr .row-open').first().click();
    await expect.poll(() => page.locator('.profile').textContent()).toContain(t.reach.profileReach);
    await mapIdle(page, '__plannerMap');
    await page.screenshot({ path: artifact('reach-planner-he.png') });
    const axe = await new AxeBuilder({ page }).exclude('.maplibregl-canvas').analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.context().close();
  });

  it('imports counts in the back office: a bad file refused row by row, a good one stored, the batches listed', async () => {
    const ctx = await newTestContext(browser, { viewport: { width: 1280, height: 1000 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/admin/participation`);
    await page.waitForURL(/\/admin\/sign-in\?next=/);
    await page.getByLabel('E-mail address').fill('reach-planner@example.org');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: reachEn.heading }).waitFor();
    await page.getByLabel(reachEn.batch).fill('q2-2026');
    const file = (body: string) => ({ name: 'counts.csv', mimeType: 'text/csv', buffer: Buffer.from(body) });
    await page
      .getByLabel(reachEn.file)
      .setInputFiles(
        file(
          `programme,period_start,period_end,measure,count,home_neighbourhood\nWalking club,2026-04-01,2026-06-31,participants,12,"${names[0]}"\nWalking club,2026-04-01,2026-06-30,visits,3,Atlantis\n`,
        ),
      );
    await page.getByRole('button', { name: reachEn.submit }).click();
    const alert = page.locator('.admin-page [role="alert"].notice');
    await expect
      .poll(async () => plain(await alert.textContent()))
      .toMatch(/refused: nothing was stored\. 3 problems/);
    const errors = page.getByRole('region', { name: reachEn.errors });
    await expect
      .poll(async () => (await errors.locator('tbody tr').allTextContents()).map((r) => r.slice(0, 20)))
      .toEqual([
        expect.stringMatching(/^2period_end/),
        expect.stringMatching(/^3measure/),
        expect.stringMatching(/^3home_neighbourhood/),
      ]);
    await page.screenshot({ path: artifact('reach-admin-refused-en.png'), fullPage: true });
    await page
      .getByLabel(reachEn.file)
      .setInputFiles(
        file(
          `programme,period_start,period_end,measure,count,home_neighbourhood\nWalking club,2026-04-01,2026-06-30,participants,12,"${names[0]}"\n`,
        ),
      );
    await page.getByRole('button', { name: reachEn.submit }).click();
    const status = page.locator('.admin-page [role="status"].notice');
    await expect
      .poll(async () => plain(await status.textContent()))
      .toBe('Imported: 1 rows in batch q2-2026.');
    const batches = page.getByRole('region', { name: reachEn.batches });
    await expect
      .poll(() => batches.locator('tbody th').allTextContents())
      .toEqual(expect.arrayContaining(['q1-2026', 'q2-2026']));
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.screenshot({ path: artifact('reach-admin-en.png'), fullPage: true });
    await page.goto(`${server.url}/admin/participation?lang=he`);
    await expect
      .poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]))
      .toEqual(['he', 'rtl']);
    await page.getByRole('heading', { level: 1, name: reachHe.heading }).waitFor();
    await expect
      .poll(() => page.getByRole('region', { name: reachHe.batches }).locator('tbody tr').count())
      .toBe(2);
    await page.screenshot({ path: artifact('reach-admin-he.png'), fullPage: true });
    await ctx.close();
  });
});
