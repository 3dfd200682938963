/**
 * The block connectors' pages in Chromium against the real server: a MODERATOR's queue
 * (/admin/moderation: pending proposals and needs on small maps, a connector's flag, the blocks;
 * publishing one), a BLOCK CONNECTOR's page (/admin/my-area: the area on a map with what's on,
 * proposed and needed; confirming one item and flagging another, which the moderator then sees),
 * and the public application form. Screenshots in English and Hebrew in tests/artifacts/; axe
 * over each view.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/main.ts';
import connectorsHe from '../../web/connectors/locales/he.ts';
import { addUser, PASSWORD, type Signed, signIn } from '../support/accounts.ts';
import {
  artifact,
  browserAvailable,
  launchBrowser,
  newTestContext,
  seriousViolations,
  setGenerousWaits,
} from '../support/browser.ts';
import { call } from '../support/content.ts';
import { openTestDatabase, type TestDatabase } from '../support/databases.ts';

setGenerousWaits();

const MODERATOR = 'mo.moderator@town.example';
const CONNECTOR = 'dana.connector@example.net';
const ADMIN = 'ada.admin@town.example';
const ACTIVITY = 'Chess by the fountain';
const ACTIVITY_HE = 'מועדון שחמט ליד המזרקה';
const PROPOSAL_PUBLISHED = 'Seed swap on the corner';
const NEED_PUBLISHED = 'A bench and some shade for older neighbours at the bus stop';
const PENDING_1 = 'Walking group for new mothers';
const PENDING_2 = 'גינה קהילתית בחצר בית הספר';
const PENDING_NEED = 'Nothing for teenagers after school here';
const FLAG_NOTE = 'It moved to the library in December';

async function shot(page: Page, name: string) {
  await page.addStyleTag({ content: '.admin { height: auto !important; overflow: visible !important; }' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: artifact(name), fullPage: true });
}

/** waits for a fresh `idle` of the connectors' map `name` (window.__connectorMaps) */
async function connectorMapIdle(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (window as unknown as { __connectorMaps?: Record<string, unknown> }).__connectorMaps?.[n] !== undefined,
    name,
  );
  const key = await page.evaluate((n) => {
    type IdleMap = { once: (e: 'idle', f: () => void) => void; triggerRepaint: () => void };
    const w = window as unknown as {
      __connectorMaps: Record<string, IdleMap>;
      __bcIdle?: Record<string, boolean>;
    };
    const k = `${n}:${Math.random()}`;
    w.__bcIdle = { ...(w.__bcIdle ?? {}), [k]: false };
    w.__connectorMaps[n]?.once('idle', () => {
      if (w.__bcIdle) w.__bcIdle[k] = true;
    });
    w.__connectorMaps[n]?.triggerRepaint();
    return k;
  }, name);
  await page.waitForFunction(
    (k) => (window as unknown as { __bcIdle?: Record<string, boolean> }).__bcIdle?.[k] === true,
    key,
  );
}

describe.skipIf(!browserAvailable())('block connectors and the moderation queue in Chromium', () => {
  let database: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: Signed;
  let areaId: string;
  let inside: [number, number];
  const ids: Record<string, string> = {};
  const api = { request: (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init) };

  async function signInAs(email: string, next: string, lang: string) {
    await context.clearCookies();
    await page.goto(`${server.url}/admin/sign-in?next=${encodeURIComponent(next)}&lang=${lang}`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(new RegExp(`${next}$`));
  }

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    server = await startServer({
      config: { PORT: 0, HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      database,
      onProgress: () => {},
    });
    const db = database.db;
    // the connector's area: a neighbourhood of the demo town, and two points in it
    const { rows } = await sql<{ id: string; x: number; y: number }>`
      SELECT id, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM area
      WHERE kind = 'neighbourhood' AND tenant_id = (SELECT id FROM tenant WHERE slug = 'lindmere')
      ORDER BY (SELECT count(*) FROM opportunity o WHERE o.status = 'published' AND o.geom IS NOT NULL
                  AND ST_Intersects(area.geom, o.geom)), ST_Area(geom) DESC, name LIMIT 1`.execute(db);
    const area = rows[0];
    if (!area) throw new Error('the demo town has no neighbourhood');
    areaId = area.id;
    inside = [Number(area.x), Number(area.y)];
    await addUser(db, { tenant: 'lindmere', email: ADMIN, role: 'admin' });
    await addUser(db, { tenant: 'lindmere', email: MODERATOR, role: 'moderator' });
    await addUser(db, { tenant: 'lindmere', email: CONNECTOR, role: 'block_connector', area: areaId });
    admin = await signIn(api, ADMIN);

    // what's on: an activity published in the area
    const made = await call<{ id: string; updated_at: string }>(
      api,
      admin,
      'POST',
      '/api/admin/opportunities',
      {
        kind: 'program',
        title: { en: ACTIVITY, he: ACTIVITY_HE },
        location: { lon: inside[0] + 0.0006, lat: inside[1] + 0.0004 },
      },
    );
    expect(made.status).toBe(201);
    ids.activity = made.body.id;
    const published = await call(api, admin, 'POST', `/api/admin/opportunities/${made.body.id}/status`, {
      status: 'published',
      expected_updated_at: made.body.updated_at,
    });
    expect(published.status).toBe(200);

    // residents' submissions (their own forms are other parts' tests): stored as confirmed
    const proposal = async (
      title: Record<string, string>,
      status: string,
      at: [number, number],
      kind = 'initiative',
    ) => {
      const id = randomUUID();
      await sql`
        INSERT INTO proposal (id, tenant_id, kind, status, title, description, language, geom, area_id,
                              email, email_hash, schedules, public_contact, confirmed_at, submitted_at)
        SELECT ${id}::uuid, t.id, ${kind}, ${status}, ${JSON.stringify(title)}::jsonb,
               ${JSON.stringify({ en: 'We meet on Saturday mornings; everyone is welcome.' })}::jsonb,
               ${Object.keys(title)[0]}, ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326), ${areaId}::uuid,
               'resident@mail.example', ${`hash-${id}`}, '[]'::jsonb, '{}'::jsonb, now(), now() - interval '2 hours'
        FROM tenant t WHERE t.slug = 'lindmere'`.execute(db);
      return id;
    };
    const need = async (text: string, status: string, at: [number, number]) => {
      const id = randomUUID();
      await sql`
        INSERT INTO need (id, tenant_id, status, text, language, audiences, geom, public_geom, area_id,
                          email, email_hash, confirmed_at, submitted_at)
        SELECT ${id}::uuid, t.id, ${status}, ${text}, 'en', ARRAY['seniors'],
               ST_SetSRID(ST_MakePoint(${at[0]}, ${at[1]}), 4326),
               ST_SetSRID(ST_MakePoint(${at[0] + 0.0002}, ${at[1] - 0.0002}), 4326), ${areaId}::uuid,
               'neighbour@post.example', ${`hash-${id}`}, now(), now() - interval '1 hour'
        FROM tenant t WHERE t.slug = 'lindmere'`.execute(db);
      return id;
    };
    ids.proposalPublished = await proposal({ en: PROPOSAL_PUBLISHED }, 'published', [
      inside[0] - 0.0008,
      inside[1],
    ]);
    ids.needPublished = await need(NEED_PUBLISHED, 'published', [inside[0], inside[1] - 0.0007]);
    ids.pending1 = await proposal(
      { en: PENDING_1 },
      'pending',
      [inside[0] + 0.001, inside[1] + 0.0008],
      'group',
    );
    ids.pending2 = await proposal({ he: PENDING_2 }, 'pending', [inside[0] - 0.0012, inside[1] + 0.0005]);
    ids.pendingNeed = await need(PENDING_NEED, 'pending', [inside[0] + 0.0004, inside[1] - 0.001]);
    await sql`
      INSERT INTO moderation_block (id, tenant_id, kind, value, reason)
      SELECT ${randomUUID()}::uuid, id, 'email_domain', 'spam.example', 'Bulk submissions' FROM tenant WHERE slug = 'lindmere'`.execute(
      db,
    );

    browser = await launchBrowser();
    context = await newTestContext(browser, { viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.close();
  });

  it('a block connector sees their area, confirms one item and flags another', async () => {
    await signInAs(CONNECTOR, '/admin/my-area', 'en');
    await page.getByRole('heading', { name: 'My area', level: 1 }).waitFor();
    // the navigation offers the connector their page and not the moderators'
    await page.getByRole('link', { name: 'My area' }).waitFor();
    expect(await page.getByRole('link', { name: 'Moderation' }).count()).toBe(0);
    const on = page.getByRole('region', { name: /What’s on/ });
    await on.getByText(ACTIVITY).waitFor();
    await page
      .getByRole('region', { name: /What residents propose/ })
      .getByText(PROPOSAL_PUBLISHED)
      .waitFor();
    await page
      .getByRole('region', { name: /What is missing/ })
      .getByText(NEED_PUBLISHED)
      .waitFor();
    await page.getByText('Waiting for moderation: proposals 2, needs 1.').waitFor();
    // nothing personal on the page
    expect(await page.locator('main').textContent()).not.toMatch(/@/);
    await connectorMapIdle(page, 'my-area');
    // one numbered marker per item listed
    const listed = await page.locator('.area-items > li').count();
    expect(listed).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.maplibregl-marker .item-marker').count()).toBe(listed);

    await page.getByRole('button', { name: `Confirm: ${ACTIVITY}` }).click();
    await page.getByRole('status').filter({ hasText: 'your answer is recorded' }).waitFor();
    await on.getByText(/You confirmed it/).waitFor();

    const needed = page.getByRole('region', { name: /What is missing/ });
    await needed.getByRole('button', { name: /Flag/ }).click();
    await needed.getByLabel('What is wrong? (the moderators read it)').fill(FLAG_NOTE);
    await needed.getByRole('button', { name: 'Send the flag' }).click();
    await needed.getByText(/You flagged it/).waitFor();
    await connectorMapIdle(page, 'my-area');
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-my-area-en.png');

    const reviews = await database.db
      .selectFrom('connector_review')
      .select(['target_type', 'target_id', 'verdict', 'note'])
      .orderBy('created_at')
      .execute();
    expect(reviews).toEqual([
      { target_type: 'opportunity', target_id: ids.activity, verdict: 'confirm', note: null },
      { target_type: 'need', target_id: ids.needPublished, verdict: 'flag', note: FLAG_NOTE },
    ]);
  });

  it('the block connector’s page in Hebrew, right to left', async () => {
    await page.goto(`${server.url}/admin/my-area?lang=he`);
    await page.getByRole('heading', { name: connectorsHe.myArea.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByText(ACTIVITY_HE).waitFor();
    await connectorMapIdle(page, 'my-area');
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-my-area-he.png');
  });

  it('a moderator sees the queue with maps, the connector’s flag and the blocks, and publishes one', async () => {
    await signInAs(MODERATOR, '/admin/moderation', 'en');
    await page.getByRole('heading', { name: 'Moderation', level: 1 }).waitFor();
    const queue = page.getByRole('list', { name: 'Proposals' });
    await queue.getByRole('heading', { name: PENDING_1 }).waitFor();
    await queue.getByRole('heading', { name: PENDING_2 }).waitFor();
    expect(await queue.getByRole('listitem').count()).toBe(2);
    await page
      .getByText(/From an address at .*mail\.example/)
      .first()
      .waitFor();
    expect(await page.locator('main').textContent()).not.toContain('resident@mail.example');
    await connectorMapIdle(page, `item-${ids.pending1}`);
    await connectorMapIdle(page, `item-${ids.pending2}`);
    // the connector's flag is listed for moderators
    const flags = page.getByRole('region', { name: 'Flags from block connectors' });
    await flags.getByText(FLAG_NOTE, { exact: false }).waitFor();
    await page.getByRole('region', { name: 'Blocked senders' }).getByText('spam.example').waitFor();
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-moderation-en.png');

    // the needs tab
    await page.getByRole('button', { name: 'Needs', exact: true }).click();
    await page.getByRole('list', { name: 'Needs' }).getByRole('heading', { name: PENDING_NEED }).waitFor();

    // publish a proposal from the queue
    await page.getByRole('button', { name: 'Proposals', exact: true }).click();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: PENDING_1 }) });
    await item.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `Published: “` }).waitFor();
    await expect.poll(() => queue.getByRole('listitem').count()).toBe(1);
    const row = await database.db
      .selectFrom('proposal')
      .select(['status'])
      .where('id', '=', ids.pending1 as string)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
  });

  it('the moderation queue in Hebrew, right to left', async () => {
    await page.goto(`${server.url}/admin/moderation?lang=he`);
    await page.getByRole('heading', { name: connectorsHe.moderation.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('heading', { name: PENDING_2 }).waitFor();
    await connectorMapIdle(page, `item-${ids.pending2}`);
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-moderation-he.png');
  });

  it('an admin sees a pending application with its area and approves it', async () => {
    const id = randomUUID();
    const [x, y] = inside;
    await sql`
      INSERT INTO connector_application (id, tenant_id, email, email_hash, name, language, message, geom, status, confirmed_at)
      SELECT ${id}::uuid, t.id, 'noa@example.net', 'hash-noa', 'Noa Levi', 'he', 'I live on the corner and know everyone here.',
             ST_Multi(ST_MakeEnvelope(${x - 0.002}, ${y - 0.001}, ${x + 0.002}, ${y + 0.001}, 4326)), 'pending', now()
      FROM tenant t WHERE t.slug = 'lindmere'`.execute(database.db);
    await signInAs(ADMIN, '/admin/connectors', 'en');
    await page.getByRole('heading', { name: 'Block connector applications', level: 1 }).waitFor();
    await page.getByRole('heading', { name: /Noa Levi/ }).waitFor();
    await page.getByText(/Drawn on the map: .*km²/).waitFor();
    await connectorMapIdle(page, `application-${id}`);
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-applications-en.png');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    // mail is off on this server: the page hands over the sign-in link
    await page
      .getByRole('status')
      .filter({ hasText: /is now a block connector, but no mail went out/ })
      .waitFor();
    const m = await database.db
      .selectFrom('membership')
      .innerJoin('account', 'account.id', 'membership.account_id')
      .select(['membership.role'])
      .where('account.email', '=', 'noa@example.net')
      .execute();
    expect(m).toEqual([{ role: 'block_connector' }]);
  });

  it('the public application form, in English and Hebrew', async () => {
    await context.clearCookies();
    await page.goto(`${server.url}/connectors/apply?lang=en`);
    await page.getByRole('heading', { name: 'Become a block connector', level: 1 }).waitFor();
    await connectorMapIdle(page, 'apply');
    await page.getByRole('button', { name: 'Draw it on the map' }).click();
    // the keyboard way: the map's centre as corners, moved between them
    const map = page.locator('.apply-page .maplibregl-canvas');
    await map.focus();
    // closer in, so that three corners a key press apart make a small area
    for (let i = 0; i < 3; i++) await page.keyboard.press('Equal');
    await connectorMapIdle(page, 'apply');
    await page.getByRole('button', { name: 'Add the map’s centre as a corner' }).click();
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Add the map’s centre as a corner' }).click();
    await map.focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('button', { name: 'Add the map’s centre as a corner' }).click();
    await page.getByText(/3 corners · About/).waitFor();
    expect(await page.getByText(/larger than 2 km²/).count()).toBe(0);
    await connectorMapIdle(page, 'apply');
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-apply-en.png');
    await page.goto(`${server.url}/connectors/apply?lang=he`);
    await page.getByRole('heading', { name: connectorsHe.apply.title, level: 1 }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await connectorMapIdle(page, 'apply');
    // nothing (the hidden honeypot included) makes the page wider than the window
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await seriousViolations(page, ['.maplibregl-marker'])).toEqual([]);
    await shot(page, 'connectors-apply-he.png');
  });
});
