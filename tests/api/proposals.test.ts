/**
 * Residents' proposals end to end on both databases, through a real SMTP server (issue 13, done-when
 * test 1): propose an initiative, confirm it from the e-mail's link, find it in the moderation queue
 * and not on the map, publish it as a moderator, find it on the map marked as a resident
 * initiative, and find that the block connector whose area holds it was alerted and the one of
 * another area was not. Then: return with a reason → edit → resubmit, reject, the abuse guard
 * (honeypot, blocks, per-e-mail and per-address limits), private join links, bad input.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { purgeParticipation } from '../../server/participation/retention.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
let nextClient = 1;
/** a fresh client address per submission (blocks and per-address limits key on it) */
const someClient = () => from(`198.51.100.${(nextClient++ % 250) + 1}`);

interface Item {
  type: string;
  id: string;
  status: string;
  title: string;
  area: { id: string; name: string } | null;
  email_domain: string;
  updated_at: string;
  reviews: unknown[];
  supports: number;
  join?: { url: string; platform: string; private: boolean } | null;
}

const recipients = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).map((a) => a.text.toLowerCase()).join(', ');

/** the first mail to `address` from the `since`-th on (other mails — connectors' alerts — may come between) */
async function mailTo(smtp: TestSmtp, address: string, since: number): Promise<ParsedMail> {
  for (let i = since; ; i++) {
    const m = await smtp.next(i);
    if (recipients(m).includes(address.toLowerCase())) return m;
  }
}

function tokenIn(mail: ParsedMail, path: string): string {
  const m = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}${path}\\?token=([A-Za-z0-9_-]+)`).exec(
    mail.text ?? '',
  );
  if (!m?.[1]) throw new Error(`no ${path} link in: ${mail.text}`);
  return m[1];
}

for (const kind of databaseKinds()) {
  describe(`residents' proposals [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let app: ReturnType<typeof createApp>;
    let moderator: Signed;
    let planner: Signed;
    let areaA: { id: string; lon: number; lat: number };
    let areaB: { id: string; lon: number; lat: number };
    let membershipA: string;
    let membershipB: string;

    const post = (path: string, body: unknown, headers: Record<string, string> = {}, env = someClient()) =>
      app.request(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        },
        env,
      );
    const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
    const propose = (over: Record<string, unknown> = {}, env = someClient()) =>
      post(
        '/api/proposals',
        {
          kind: 'initiative',
          title: 'Repair café',
          description: 'Bring a broken toaster, leave with a working one.',
          language: 'en',
          categories: ['social'],
          audiences: ['everyone'],
          languages: ['en'],
          location: { lon: areaA.lon, lat: areaA.lat },
          email: `resident-${nextClient}@example.org`,
          website: '',
          ...over,
        },
        {},
        env,
      );
    const queue = async (status = 'pending', type = 'proposal') => {
      const r = await get(`/api/admin/moderation?type=${type}&status=${status}`, {
        cookie: moderator.cookie,
      });
      expect(r.status).toBe(200);
      return ((await r.json()) as { items: Item[] }).items;
    };
    const decide = (id: string, body: Record<string, unknown>, who: Signed = moderator) =>
      post(`/api/admin/moderation/proposal/${id}`, body, who.write);
    /** proposes, reads the confirmation mail, confirms: the pending item of the queue */
    const proposeAndConfirm = async (over: Record<string, unknown> = {}) => {
      const seen = smtp.mails.length;
      const email = `proposer-${nextClient}@example.org`;
      const r = await propose({ email, ...over });
      expect(r.status, await r.clone().text()).toBe(202);
      const mail = await mailTo(smtp, email, seen);
      const c = await post('/api/participation/confirm', { token: tokenIn(mail, '/participate/confirm') });
      expect(c.status).toBe(200);
      const body = (await c.json()) as { target_id: string };
      const item = (await queue()).find((i) => i.id === body.target_id);
      if (!item) throw new Error('the confirmed proposal is not in the queue');
      return { item, confirmMail: mail, email };
    };
    const count = async (table: 'proposal' | 'connector_alert') =>
      Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db))
          .rows[0]?.n,
      );

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({
          LOG_LEVEL: 'silent',
          ...RATE_LIMITS_OFF,
          RATE_LIMIT_PARTICIPATION_EMAIL: '3/1h',
          SMTP_URL: smtp.url,
          PUBLIC_URL,
        }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      });
      // two neighbourhoods that do not touch, each with a point well inside it
      const { rows } = await sql<{ id: string; lon: number; lat: number }>`
        SELECT a.id::text AS id, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
        FROM area a JOIN tenant t ON t.id = a.tenant_id AND t.slug = 'lindmere'
        WHERE a.kind = 'neighbourhood' ORDER BY a.name`.execute(database.db);
      const [first, ...rest] = rows;
      if (!first) throw new Error('the demo town has no neighbourhoods');
      const far = await sql<{ id: string }>`
        SELECT b.id::text AS id FROM area a, area b
        WHERE a.id = ${first.id}::uuid AND b.id = ANY(${rest.map((r) => r.id)}::uuid[]) AND NOT ST_Intersects(a.geom, b.geom)
        ORDER BY b.name LIMIT 1`.execute(database.db);
      areaA = { ...first, lon: Number(first.lon), lat: Number(first.lat) };
      const b = rest.find((r) => r.id === far.rows[0]?.id);
      if (!b) throw new Error('no second neighbourhood apart from the first');
      areaB = { ...b, lon: Number(b.lon), lat: Number(b.lat) };

      await addUser(database.db, { tenant: 'lindmere', email: 'moderator@example.org', role: 'moderator' });
      await addUser(database.db, { tenant: 'lindmere', email: 'planner@example.org', role: 'planner' });
      await addUser(
        database.db,
        {
          tenant: 'lindmere',
          email: 'connector-a@example.org',
          role: 'block_connector',
          area: areaA.id,
        },
        null,
      );
      await addUser(
        database.db,
        {
          tenant: 'lindmere',
          email: 'connector-b@example.org',
          role: 'block_connector',
          area: areaB.id,
        },
        null,
      );
      const m = await sql<{ email: string; id: string }>`
        SELECT acc.email, m.id::text AS id FROM membership m JOIN account acc ON acc.id = m.account_id
        WHERE m.role = 'block_connector'`.execute(database.db);
      membershipA = m.rows.find((r) => r.email === 'connector-a@example.org')?.id ?? '';
      membershipB = m.rows.find((r) => r.email === 'connector-b@example.org')?.id ?? '';
      moderator = await signIn(app, 'moderator@example.org');
      planner = await signIn(app, 'planner@example.org');
    });

    afterAll(async () => {
      await smtp?.close();
      await database?.close();
    });

    it('proposes, confirms from the mail, moderates, publishes on the map and alerts the connector of its area only', async () => {
      const title = `Repair café ${kind} ${Date.now().toString(36)}`;
      const seen = smtp.mails.length;
      const r = await propose({
        title,
        language: 'fr',
        email: 'Resident.One@Example.org',
        schedules: [{ dtstart: '2027-01-05T18:00', duration_minutes: 120, rrule: 'FREQ=WEEKLY;BYDAY=TU' }],
      });
      expect(r.status, await r.clone().text()).toBe(202);
      expect(await r.json()).toEqual({ status: 'unconfirmed' });

      const mail = await mailTo(smtp, 'resident.one@example.org', seen);
      expect(mail.subject).toContain('Confirmez votre proposition');
      expect(mail.html).toContain('lang="fr"');
      const token = tokenIn(mail, '/participate/confirm');

      // unconfirmed: nowhere, not even in the queue
      expect((await queue()).some((i) => i.title === title)).toBe(false);

      const c1 = await post('/api/participation/confirm', { token });
      expect(c1.status).toBe(200);
      const confirmed = (await c1.json()) as { target_type: string; target_id: string; status: string };
      expect(confirmed).toMatchObject({ target_type: 'proposal', status: 'pending' });
      const again = await post('/api/participation/confirm', { token });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(confirmed);

      const pending = await get('/api/admin/moderation?type=proposal', { cookie: moderator.cookie });
      const text = await pending.text();
      expect(text).not.toMatch(/resident\.one@example\.org/i);
      const item = (JSON.parse(text) as { items: Item[] }).items.find((i) => i.id === confirmed.target_id);
      expect(item).toMatchObject({
        status: 'pending',
        title,
        email_domain: 'example.org',
        supports: 0,
        reviews: [],
      });
      expect(item?.area?.id).toBe(areaA.id);

      // not on the map before it is published
      const bbox = `${areaA.lon - 0.01},${areaA.lat - 0.01},${areaA.lon + 0.01},${areaA.lat + 0.01}`;
      const layer = async () =>
        (
          (await (await get(`/api/layers/programs?bbox=${bbox}`)).json()) as {
            features: { id: string; properties: { name: string; resident_initiative: boolean } }[];
          }
        ).features;
      expect((await layer()).some((f) => f.properties.name === title)).toBe(false);
      const listed = async () =>
        (
          (await (await get(`/api/opportunities?q=${encodeURIComponent(title)}`)).json()) as {
            items: { id: string; name: string }[];
          }
        ).items;
      expect((await listed()).some((i) => i.name === title)).toBe(false);
      const search = await (await get(`/api/search?q=${encodeURIComponent('Repair café')}`)).text();
      expect(search).not.toContain(title);
      expect(await count('connector_alert')).toBe(0);

      // a planner may not moderate; the moderator publishes
      const refused = await decide(
        confirmed.target_id,
        { action: 'publish', expected_updated_at: item?.updated_at },
        planner,
      );
      expect(refused.status).toBe(403);
      const seenBefore = smtp.mails.length;
      const pub = await decide(confirmed.target_id, {
        action: 'publish',
        expected_updated_at: item?.updated_at,
      });
      expect(pub.status, await pub.clone().text()).toBe(200);
      const decided = (await pub.json()) as { status: string; opportunity_id: string; alerts: number };
      expect(decided.status).toBe('published');
      const oppId = decided.opportunity_id;

      const published = await mailTo(smtp, 'resident.one@example.org', seenBefore);
      expect(published.subject).toContain(title);
      expect(published.text).toContain(`${PUBLIC_URL}/?item=programs:${oppId}`);

      // on the map, marked as a resident initiative, with its dates
      const feature = (await layer()).find((f) => f.id === oppId);
      expect(feature?.properties).toMatchObject({ name: title, resident_initiative: true });
      expect((await listed()).some((i) => i.id === oppId)).toBe(true);
      const detail = (await (await get(`/api/opportunities/${oppId}?lang=fr`)).json()) as {
        kind: string;
        resident_initiative: boolean;
        next_occurrences: unknown[];
        lon: number;
      };
      expect(detail).toMatchObject({ kind: 'program', resident_initiative: true });
      expect(detail.next_occurrences.length).toBeGreaterThan(0);
      expect(detail.lon).toBeCloseTo(areaA.lon, 6);

      // the block connector of its area is alerted, the one of another area is not
      const alerts = await sql<{ membership_id: string; target_type: string; target_id: string }>`
        SELECT membership_id::text AS membership_id, target_type, target_id::text AS target_id FROM connector_alert`.execute(
        database.db,
      );
      expect(alerts.rows).toEqual([
        { membership_id: membershipA, target_type: 'opportunity', target_id: oppId },
      ]);
      expect(alerts.rows.some((a) => a.membership_id === membershipB)).toBe(false);
      expect(decided.alerts).toBe(1);
      // …and mailed (the connectors' sender, after the commit), in the connector's language, with its link
      const alert = await mailTo(smtp, 'connector-a@example.org', seenBefore);
      expect(alert.text).toContain(title);
      expect(smtp.mails.some((m) => recipients(m).includes('connector-b@example.org'))).toBe(false);

      // every step audited, never with the address
      const audit = await sql<{ action: string; previous: unknown; new: unknown }>`
        SELECT action, previous, new FROM audit_entry WHERE entity_type = 'proposal' AND entity_id = ${confirmed.target_id}
        ORDER BY id`.execute(database.db);
      expect(audit.rows.map((a) => a.action)).toEqual([
        'proposal.submit',
        'proposal.confirm',
        'proposal.moderate',
      ]);
      expect(JSON.stringify(audit.rows)).not.toMatch(/resident\.one/i);
    });

    it('returns with a reason, the proposer edits from the mail and resubmits; a stale or repeated decision is refused', async () => {
      const { item, email } = await proposeAndConfirm({
        title: 'Walking group',
        kind: 'activity',
        location: { area_id: areaB.id },
      });
      expect(item.area?.id).toBe(areaB.id);
      const noReason = await decide(item.id, { action: 'return', expected_updated_at: item.updated_at });
      expect(noReason.status).toBe(400);
      expect(await noReason.text()).toContain('reason');
      const stale = await decide(item.id, {
        action: 'return',
        reason: 'x',
        expected_updated_at: '2000-01-01T00:00:00Z',
      });
      expect(stale.status).toBe(409);

      const seen = smtp.mails.length;
      const ret = await decide(item.id, {
        action: 'return',
        reason: 'Say which day of the week, please.',
        expected_updated_at: item.updated_at,
      });
      expect(ret.status).toBe(200);
      const mail = await mailTo(smtp, email, seen);
      expect(mail.text).toContain('Say which day of the week, please.');
      const token = tokenIn(mail, '/participate/edit');
      expect((await queue('returned')).some((i) => i.id === item.id)).toBe(true);

      const view = await get(`/api/proposals/edit?token=${token}`);
      expect(view.status).toBe(200);
      const fields = (await view.json()) as Record<string, unknown>;
      expect(fields).toMatchObject({
        title: 'Walking group',
        status: 'returned',
        return_reason: 'Say which day of the week, please.',
      });
      expect(JSON.stringify(fields)).not.toMatch(/resident-\d+@/);

      const put = (body: Record<string, unknown>) =>
        app.request('/api/proposals/edit', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const changed = {
        token,
        kind: 'activity',
        title: 'Walking group on Saturdays',
        description: 'Saturday mornings at 10, from the fountain.',
        location: { area_id: areaB.id },
        schedules: [{ dtstart: '2027-01-09T10:00', duration_minutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=SA' }],
      };
      expect((await put({ ...changed, title: '' })).status).toBe(400);
      const resubmitted = await put(changed);
      expect(resubmitted.status, await resubmitted.clone().text()).toBe(200);
      expect(await resubmitted.json()).toMatchObject({
        status: 'pending',
        title: 'Walking group on Saturdays',
      });
      const back = (await queue()).find((i) => i.id === item.id);
      expect(back?.title).toBe('Walking group on Saturdays');
      expect((await put(changed)).status).toBe(409);

      // published from the neighbourhood alone: at its point on surface, a weekly activity is a program
      const pub = await decide(item.id, { action: 'publish', expected_updated_at: back?.updated_at });
      expect(pub.status).toBe(200);
      const { opportunity_id } = (await pub.json()) as { opportunity_id: string };
      const detail = (await (await get(`/api/opportunities/${opportunity_id}`)).json()) as {
        kind: string;
        lat: number;
      };
      expect(detail.kind).toBe('program');
      const alerts = await sql<{ membership_id: string }>`
        SELECT membership_id::text AS membership_id FROM connector_alert WHERE target_id = ${opportunity_id}::uuid`.execute(
        database.db,
      );
      expect(alerts.rows.map((a) => a.membership_id)).toEqual([membershipB]);
      const twice = await decide(item.id, {
        action: 'publish',
        expected_updated_at: (await queue('published')).find((i) => i.id === item.id)?.updated_at,
      });
      expect(twice.status).toBe(409);
    });

    it('rejects with a reason and mails it; a rejected published proposal leaves the map', async () => {
      const { item, email } = await proposeAndConfirm({ title: 'Buy my car', language: 'he' });
      const seen = smtp.mails.length;
      const rej = await decide(item.id, {
        action: 'reject',
        reason: 'An advertisement.',
        expected_updated_at: item.updated_at,
      });
      expect(rej.status).toBe(200);
      const mail = await mailTo(smtp, email, seen);
      expect(mail.html).toContain('dir="rtl"');
      expect(mail.text).toContain('An advertisement.');
      expect((await queue('rejected')).some((i) => i.id === item.id)).toBe(true);

      const { item: second } = await proposeAndConfirm({ title: 'Garden swap' });
      const pub = (await (
        await decide(second.id, { action: 'publish', expected_updated_at: second.updated_at })
      ).json()) as {
        opportunity_id: string;
        updated_at: string;
      };
      expect((await get(`/api/opportunities/${pub.opportunity_id}`)).status).toBe(200);
      const takeDown = await decide(second.id, {
        action: 'reject',
        reason: 'Spam after all.',
        expected_updated_at: pub.updated_at,
      });
      expect(takeDown.status).toBe(200);
      expect((await get(`/api/opportunities/${pub.opportunity_id}`)).status).toBe(404);
    });

    it('gives a private group’s join link only on request, never in the detail, layers, lists or feeds', async () => {
      const url = 'https://chat.whatsapp.com/SecretInvite123';
      const open = 'https://t.me/open_group_42';
      const { item } = await proposeAndConfirm({
        title: 'New mothers of the east side',
        kind: 'group',
        join: { url, platform: 'whatsapp', private: true },
        // meets every day, so that it is in every feed's window whatever the day the test runs
        schedules: [{ dtstart: '2025-01-01T10:00', duration_minutes: 60, rrule: 'FREQ=DAILY' }],
      });
      expect(item.join).toEqual({ url, platform: 'whatsapp', private: true });
      const pub = (await (
        await decide(item.id, { action: 'publish', expected_updated_at: item.updated_at })
      ).json()) as {
        opportunity_id: string;
      };
      const id = pub.opportunity_id;
      const detail = await (await get(`/api/opportunities/${id}`)).text();
      expect(JSON.parse(detail)).toMatchObject({
        kind: 'group',
        resident_initiative: true,
        join: { platform: 'whatsapp', private: true },
      });
      expect(detail).not.toContain('SecretInvite123');
      const link = await get(`/api/opportunities/${id}/join-link`);
      expect(link.status).toBe(200);
      expect(await link.json()).toEqual({ url, platform: 'whatsapp' });
      for (const path of [
        '/api/layers/programs?category=social',
        '/api/opportunities?category=social&limit=100',
        `/api/search?q=${encodeURIComponent('New mothers')}`,
        '/api/feeds/atom.xml?category=social',
        '/api/feeds/calendar.ics?category=social',
      ]) {
        const r = await get(path);
        expect(r.status, path).toBe(200);
        const body = await r.text();
        if (!path.startsWith('/api/search')) expect(body, path).toContain('New mothers of the east side');
        expect(body, path).not.toContain('SecretInvite123');
      }
      const row = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM opportunity WHERE id = ${id}::uuid AND (registration::text LIKE '%Secret%' OR contact::text LIKE '%Secret%' OR attributes::text LIKE '%Secret%')`.execute(
        database.db,
      );
      expect(row.rows[0]?.n).toBe(0);

      // a public group's link is in the detail; an ordinary opportunity has no join link
      const { item: other } = await proposeAndConfirm({
        title: 'Open chess club',
        kind: 'group',
        join: { url: open, platform: 'telegram' },
      });
      const o = (await (
        await decide(other.id, { action: 'publish', expected_updated_at: other.updated_at })
      ).json()) as {
        opportunity_id: string;
      };
      expect(JSON.parse(await (await get(`/api/opportunities/${o.opportunity_id}`)).text()).join).toEqual({
        platform: 'telegram',
        private: false,
        url: open,
      });
      const ordinary = await sql<{ id: string }>`
        SELECT id::text AS id FROM opportunity WHERE status = 'published' AND source <> 'proposal' LIMIT 1`.execute(
        database.db,
      );
      expect((await get(`/api/opportunities/${ordinary.rows[0]?.id}/join-link`)).status).toBe(404);
    });

    it('drops a honeypot submission silently, refuses blocked senders and too many submissions', async () => {
      // honeypot: 202, nothing stored, nothing sent (the next mail is the next real submission's)
      const before = await count('proposal');
      const seen = smtp.mails.length;
      const bot = await propose({
        website: 'https://spam.example',
        title: 'Cheap pills',
        email: 'bot@example.net',
      });
      expect(bot.status).toBe(202);
      expect(await count('proposal')).toBe(before);
      const real = await propose({ title: 'After the bot', email: 'human@example.net' });
      expect(real.status).toBe(202);
      expect((await mailTo(smtp, 'human@example.net', seen)).subject).toContain('Confirm your proposal');
      expect(smtp.mails.some((m) => recipients(m).includes('bot@example.net'))).toBe(false);

      // an e-mail domain (and its subdomains)
      const block = await post(
        '/api/admin/moderation/blocks',
        { kind: 'email_domain', value: 'Spam.Example', reason: 'bulk' },
        moderator.write,
      );
      expect(block.status).toBe(201);
      const blocked = await propose({ email: 'x@mail.spam.example' });
      expect(blocked.status).toBe(403);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('blocked');
      expect(
        (
          await post(
            '/api/admin/moderation/blocks',
            { kind: 'email_domain', value: 'spam.example' },
            moderator.write,
          )
        ).status,
      ).toBe(409);
      expect(
        (
          await post(
            '/api/admin/moderation/blocks',
            { kind: 'email_domain', value: 'spam.example' },
            planner.write,
          )
        ).status,
      ).toBe(403);

      // a CIDR range, and the client of a submission (its hash, never its address)
      expect(
        (
          await post(
            '/api/admin/moderation/blocks',
            { kind: 'address', value: '203.0.113.0/24' },
            moderator.write,
          )
        ).status,
      ).toBe(201);
      expect((await propose({ email: 'a@example.com' }, from('203.0.113.9'))).status).toBe(403);
      expect((await propose({ email: 'a@example.com' }, from('203.0.114.9'))).status).toBe(202);
      const client = from('192.0.2.77');
      expect((await propose({ email: 'b@example.com', title: 'From a flat' }, client)).status).toBe(202);
      const sub = await sql<{
        id: string;
      }>`SELECT id::text AS id FROM proposal WHERE email = 'b@example.com'`.execute(database.db);
      const byClient = await post(
        '/api/admin/moderation/blocks',
        { kind: 'address', from: { type: 'proposal', id: sub.rows[0]?.id } },
        moderator.write,
      );
      expect(byClient.status).toBe(201);
      const created = (await byClient.json()) as { id: string; value: string };
      expect(created.value).toMatch(/^client:/);
      expect(created.value).not.toContain('192.0.2.77');
      expect((await propose({ email: 'c@example.com' }, client)).status).toBe(403);
      const list = (await (
        await get('/api/admin/moderation/blocks', { cookie: moderator.cookie })
      ).json()) as { items: { id: string }[] };
      expect(list.items.length).toBe(3);
      const lift = await app.request(`/api/admin/moderation/blocks/${created.id}`, {
        method: 'DELETE',
        headers: moderator.write,
      });
      expect(lift.status).toBe(204);
      expect((await propose({ email: 'c@example.com' }, client)).status).toBe(202);
      expect(
        (await post('/api/admin/moderation/blocks', { kind: 'address', value: '300.1.1.1' }, moderator.write))
          .status,
      ).toBe(400);

      // per e-mail address: 3 per hour here, counted in the database (any case of the address)
      for (let i = 0; i < 3; i++) expect((await propose({ email: 'busy@example.com' })).status).toBe(202);
      const limited = await propose({ email: 'BUSY@example.com' });
      expect(limited.status).toBe(429);
      const err = (await limited.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('rate_limited');
      expect(err.error.message).toContain('3 submissions per e-mail address per 1 h');

      // per client address: the edge limit RATE_LIMIT_PROPOSALS
      const strict = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({
          LOG_LEVEL: 'silent',
          ...RATE_LIMITS_OFF,
          RATE_LIMIT_PROPOSALS: '2/1h',
          SMTP_URL: smtp.url,
          PUBLIC_URL,
        }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      });
      const one = from('198.18.0.1');
      const body = (email: string) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'activity',
          title: 't',
          description: 'd',
          location: { lon: areaA.lon, lat: areaA.lat },
          email,
        }),
      });
      expect((await strict.request('/api/proposals', body('p1@example.com'), one)).status).toBe(202);
      expect((await strict.request('/api/proposals', body('p2@example.com'), one)).status).toBe(202);
      expect((await strict.request('/api/proposals', body('p3@example.com'), one)).status).toBe(429);
      expect(
        (await strict.request('/api/proposals', body('p3@example.com'), from('198.18.0.2'))).status,
      ).toBe(202);
    });

    it('moderates needs through the same API: publishes one (alerting its area’s connector), rejects another', async () => {
      const needAt = async (text: string, language: string) => {
        const id = randomUUID();
        await sql`
          INSERT INTO need (id, tenant_id, status, text, language, audiences, geom, public_geom, area_id, email, email_hash, submitted_at, confirmed_at)
          SELECT ${id}::uuid, t.id, 'pending', ${text}, ${language}, ARRAY['youth'],
                 ST_SetSRID(ST_MakePoint(${areaA.lon}, ${areaA.lat}), 4326), ST_SetSRID(ST_MakePoint(${areaA.lon}, ${areaA.lat}), 4326),
                 ${areaA.id}::uuid, 'needy@example.org', ${`hash-${id}`}, now(), now()
          FROM tenant t WHERE t.slug = 'lindmere'`.execute(database.db);
        return id;
      };
      const shade = await needAt('Shade and a bench for seniors', 'uk');
      const spam = await needAt('Visit my shop', 'en');
      const items = await queue('pending', 'need');
      const item = items.find((i) => i.id === shade);
      expect(item).toMatchObject({
        type: 'need',
        title: 'Shade and a bench for seniors',
        email_domain: 'example.org',
      });
      expect(JSON.stringify(items)).not.toContain('needy@example.org');
      const seen = smtp.mails.length;
      const pub = await post(
        `/api/admin/moderation/need/${shade}`,
        { action: 'publish', expected_updated_at: item?.updated_at },
        moderator.write,
      );
      expect(pub.status).toBe(200);
      expect(((await pub.json()) as { status: string }).status).toBe('published');
      const mail = await mailTo(smtp, 'needy@example.org', seen);
      expect(mail.html).toContain('lang="uk"');
      expect(mail.text).toContain(`${PUBLIC_URL}/?item=needs:${shade}`);
      const alerts = await sql<{ membership_id: string }>`
        SELECT membership_id::text AS membership_id FROM connector_alert WHERE target_type = 'need' AND target_id = ${shade}::uuid`.execute(
        database.db,
      );
      expect(alerts.rows.map((a) => a.membership_id)).toEqual([membershipA]);
      const other = (await queue('pending', 'need')).find((i) => i.id === spam);
      const rej = await post(
        `/api/admin/moderation/need/${spam}`,
        { action: 'reject', reason: 'An advertisement.', expected_updated_at: other?.updated_at },
        moderator.write,
      );
      expect(rej.status).toBe(200);
      expect((await queue('rejected', 'need')).map((i) => i.id)).toContain(spam);
      const one = await get(`/api/admin/moderation/need/${spam}`, { cookie: moderator.cookie });
      expect(((await one.json()) as Item).status).toBe('rejected');
    });

    it('deletes a proposal never confirmed once its confirmation link has expired, and keeps the others', async () => {
      const old = `never-confirmed-${kind}@example.org`;
      const fresh = `not-yet-${kind}@example.org`;
      expect((await propose({ email: old })).status).toBe(202);
      expect((await propose({ email: fresh })).status).toBe(202);
      // eight days later for the first one: its link has expired
      await sql`UPDATE proposal SET created_at = now() - interval '8 days' WHERE email = ${old}`.execute(
        database.db,
      );
      await sql`UPDATE participation_token SET expires_at = now() - interval '2 days'
        WHERE target_id = (SELECT id FROM proposal WHERE email = ${old})`.execute(database.db);
      const gone = await purgeParticipation(database.db);
      expect(gone.proposal).toBe(1);
      expect(gone.token).toBeGreaterThanOrEqual(1);
      const left = await sql<{ email: string }>`
        SELECT email FROM proposal WHERE email IN (${old}, ${fresh})`.execute(database.db);
      expect(left.rows.map((r) => r.email)).toEqual([fresh]);
      // confirmed ones are never purged
      expect((await queue('published')).length).toBeGreaterThan(0);
    });

    it('answers bad input with a 4xx naming the problem, and 503 without mail', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: 'party' }, 'kind'],
        [{ email: 'not-an-address' }, 'email'],
        [{ location: { lon: 3, lat: 95 } }, 'location'],
        [{ location: { lon: 120, lat: 10 } }, 'outside the town'],
        [{ location: { area_id: '00000000-0000-4000-8000-000000000000' } }, 'no neighbourhood'],
        [{ language: 'de' }, 'language'],
        [{ title: '' }, 'title'],
        [{ age_min: 30, age_max: 20 }, 'age_max'],
        [{ call_id: '00000000-0000-4000-8000-000000000000', cost: 10 }, 'call_id'],
        [{ join: { url: 'javascript:alert(1)', platform: 'whatsapp' } }, 'join'],
        [{ schedules: [{ dtstart: '2027-02-30T10:00', duration_minutes: 60 }] }, 'dtstart'],
        [{ unexpected: 1 }, 'unexpected'],
      ];
      const before = await count('proposal');
      for (const [over, words] of cases) {
        const r = await propose(over);
        expect(r.status, JSON.stringify(over)).toBe(400);
        expect(await r.text(), JSON.stringify(over)).toContain(words);
      }
      expect(await count('proposal')).toBe(before);
      const unknown = await post('/api/participation/confirm', { token: 'A'.repeat(43) });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_token');
      expect((await get('/api/proposals/edit?token=nope')).status).toBe(404);
      expect((await get('/api/admin/moderation?type=proposal')).status).toBe(401);
      expect((await get('/api/admin/moderation?type=thing', { cookie: moderator.cookie })).status).toBe(400);
      expect(
        (
          await decide('00000000-0000-4000-8000-000000000000', {
            action: 'publish',
            expected_updated_at: new Date().toISOString(),
          })
        ).status,
      ).toBe(404);
      expect((await decide('00000000-0000-4000-8000-000000000000', { action: 'delete' })).status).toBe(400);

      const noMail = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      });
      const off = await noMail.request('/api/proposals', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'activity',
          title: 't',
          description: 'd',
          location: { lon: areaA.lon, lat: areaA.lat },
          email: 'x@example.com',
        }),
      });
      expect(off.status).toBe(503);
    });
  });
}
