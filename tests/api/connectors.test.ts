/**
 * Block connectors end to end on both databases, with a real SMTP server: a resident applies
 * (chosen blocks, or an area drawn on the map), confirms from the mail, an admin approves (account
 * + role + sign-in link by mail) or declines; the connector signs in with the mailed link and sees
 * only their area; an activity published inside their area — by the content API or through the
 * moderators' review — mails them, one outside does not; their confirmations and flags are
 * recorded, audited and listed for moderators; an item outside their area is 404 to review.
 */
import { randomUUID } from 'node:crypto';
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { alertSenderOf } from '../../server/connectors/alerts-sender.ts';
import { loadConfig } from '../../server/config.ts';
import type { AppDeps } from '../../server/http/deps.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { cookieFrom, type Signed } from '../support/accounts.ts';
import { contentPeople, type People } from '../support/content.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';

interface AreaAnswer {
  areas: { membership_id: string; name: string | null; geometry: Polygon | MultiPolygon }[];
  bbox: number[] | null;
  on: {
    type: string;
    id: string;
    title: string;
    lon: number;
    lat: number;
    my_review: { verdict: string; note: string | null } | null;
  }[];
  proposed: unknown[];
  needed: unknown[];
  pending: { proposals: number; needs: number };
}

const to = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));

for (const kind of databaseKinds()) {
  describe(`block connectors [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let deps: AppDeps;
    let app: ReturnType<typeof createApp>;
    let people: People;
    // A: a neighbourhood chosen as a block; C: far from A, where a small square is drawn; D: neither
    let areaA: string;
    let pointA: [number, number];
    let pointC: [number, number];
    let pointD: [number, number];
    let square: Polygon;
    let connectorA: Signed;
    let connectorC: Signed;
    let membershipA: string;
    let membershipC: string;
    const published: Record<string, string> = {};

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const get = (path: string, s?: Signed) => app.request(path, s ? { headers: { cookie: s.cookie } } : {});
    /** the first mail to `address` after `from` mails, waiting for it */
    async function mailTo(address: string, from = 0): Promise<ParsedMail> {
      for (let i = from; ; i++) {
        const m = await smtp.next(i);
        if (to(m).includes(address)) return m;
      }
    }
    const tokenIn = (m: ParsedMail, path: string) => {
      const found = new RegExp(`${path.replace(/[/?]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(
        m.text ?? '',
      );
      if (!found?.[1]) throw new Error(`no ${path} link in the mail: ${m.text}`);
      return found[1];
    };
    async function applyAndConfirm(email: string, area: unknown, language = 'en'): Promise<string> {
      const seen = smtp.mails.length;
      const res = await post('/api/connectors/applications', {
        name: 'Ada Lovelace',
        email,
        language,
        area,
        website: '',
      });
      expect(res.status, await res.clone().text()).toBe(202);
      expect(await res.json()).toEqual({ status: 'unconfirmed' });
      const mail = await mailTo(email, seen);
      const token = tokenIn(mail, `${PUBLIC_URL}/participate/confirm`);
      const confirmed = await post('/api/participation/confirm', { token });
      expect(confirmed.status).toBe(200);
      const body = (await confirmed.json()) as { target_type: string; target_id: string; status: string };
      expect(body).toMatchObject({ target_type: 'connector_application', status: 'pending' });
      // a second click answers the same
      expect(await (await post('/api/participation/confirm', { token })).json()).toEqual(body);
      return body.target_id;
    }
    async function approve(id: string, email: string): Promise<{ signed: Signed; membership: string }> {
      const seen = smtp.mails.length;
      const res = await post(
        `/api/admin/connectors/applications/${id}`,
        { action: 'approve' },
        people.admin.write,
      );
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as {
        application: { status: string; membership_id: string };
        mail: { sent: boolean };
        link: unknown;
      };
      expect(body.application.status).toBe('approved');
      expect(body.mail.sent).toBe(true);
      expect(body.link).toBeNull();
      const mail = await mailTo(email, seen);
      const token = tokenIn(mail, `${PUBLIC_URL}/admin/sign-in/link`);
      const consumed = await post('/api/auth/sign-in-link/consume', { token });
      expect(consumed.status).toBe(200);
      const c = cookieFrom(consumed);
      if (!c) throw new Error('no session cookie');
      const me = (await consumed.json()) as { csrf_token: string };
      const cookie = `${c.name}=${c.value}`;
      return {
        signed: {
          cookie,
          csrf: me.csrf_token,
          write: { cookie, 'x-csrf-token': me.csrf_token, 'content-type': 'application/json' },
        },
        membership: body.application.membership_id,
      };
    }
    /** creates a draft activity at a point as admin; answers its id and updated_at */
    async function draftAt(title: string, at: [number, number], as: Signed, organisation?: string) {
      const res = await post(
        '/api/admin/opportunities',
        {
          kind: 'program',
          title: { en: title },
          location: { lon: at[0], lat: at[1] },
          ...(organisation ? { organisation_id: organisation } : {}),
        },
        as.write,
      );
      expect(res.status, await res.clone().text()).toBe(201);
      return (await res.json()) as { id: string; updated_at: string };
    }
    async function publish(title: string, at: [number, number]): Promise<string> {
      const d = await draftAt(title, at, people.admin);
      const res = await post(
        `/api/admin/opportunities/${d.id}/status`,
        { status: 'published', expected_updated_at: d.updated_at },
        people.admin.write,
      );
      expect(res.status, await res.clone().text()).toBe(200);
      published[title] = d.id;
      return d.id;
    }
    /** every alert queued so far has been handled by the sender */
    async function alertsSettled() {
      for (;;) {
        await alertSenderOf(deps).idle();
        const left = await database.db
          .selectFrom('connector_alert')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('sent_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(left.n) === 0) return;
        await alertSenderOf(deps).kick();
      }
    }

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      deps = {
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({
          LOG_LEVEL: 'silent',
          ...RATE_LIMITS_OFF,
          SMTP_URL: smtp.url,
          PUBLIC_URL,
          MAIL_FROM: 'Town <town@example.org>',
        }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      };
      app = createApp(deps);
      people = await contentPeople(database.db, app, 'bc');

      const { rows } = await sql<{
        a: string;
        ax: number;
        ay: number;
        cx: number;
        cy: number;
        dx: number;
        dy: number;
      }>`
        SELECT a.id AS a, ST_X(ST_PointOnSurface(a.geom)) AS ax, ST_Y(ST_PointOnSurface(a.geom)) AS ay,
               ST_X(ST_PointOnSurface(c.geom)) AS cx, ST_Y(ST_PointOnSurface(c.geom)) AS cy,
               ST_X(ST_PointOnSurface(d.geom)) AS dx, ST_Y(ST_PointOnSurface(d.geom)) AS dy
          FROM area a
          JOIN area c ON c.kind = 'neighbourhood' AND c.tenant_id = a.tenant_id
               AND NOT ST_DWithin(a.geom::geography, c.geom::geography, 500)
          JOIN area d ON d.kind = 'neighbourhood' AND d.tenant_id = a.tenant_id
               AND NOT ST_DWithin(a.geom::geography, d.geom::geography, 500)
               AND NOT ST_DWithin(c.geom::geography, d.geom::geography, 500)
         WHERE a.kind = 'neighbourhood' AND a.tenant_id = (SELECT id FROM tenant WHERE slug = 'lindmere')
         ORDER BY a.name, c.name, d.name LIMIT 1`.execute(database.db);
      const r = rows[0];
      if (!r) throw new Error('the demo town needs three neighbourhoods apart from each other');
      areaA = r.a;
      pointA = [Number(r.ax), Number(r.ay)];
      pointC = [Number(r.cx), Number(r.cy)];
      pointD = [Number(r.dx), Number(r.dy)];
      // about 200 m × 200 m around C's point
      const [x, y] = pointC;
      const dx = 0.0015;
      const dy = 0.0009;
      square = {
        type: 'Polygon',
        coordinates: [
          [
            [x - dx, y - dy],
            [x + dx, y - dy],
            [x + dx, y + dy],
            [x - dx, y + dy],
            [x - dx, y - dy],
          ],
        ],
      };
    });

    afterAll(async () => {
      await alertSenderOf(deps)?.idle();
      await smtp?.close();
      await database?.close();
    });

    it('refuses a bad application with a 400 naming the problem, and drops a filled honeypot', async () => {
      const base = { name: 'Bob', email: 'bob@example.net', language: 'en', website: '' };
      const big = {
        type: 'Polygon',
        coordinates: [
          [
            [pointC[0] - 0.05, pointC[1] - 0.05],
            [pointC[0] + 0.05, pointC[1] - 0.05],
            [pointC[0] + 0.05, pointC[1] + 0.05],
            [pointC[0] - 0.05, pointC[1] - 0.05],
          ],
        ],
      };
      const cases: [unknown, RegExp][] = [
        [{ ...base, area: { geometry: big } }, /at most 2 km²/],
        [
          {
            ...base,
            area: {
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [10, 10],
                    [10.001, 10],
                    [10.001, 10.001],
                    [10, 10],
                  ],
                ],
              },
            },
          },
          /inside the town/,
        ],
        [{ ...base, area: { block_ids: ['00000000-0000-4000-8000-000000000000'] } }, /block_ids/],
        [
          {
            ...base,
            area: {
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [1, 1],
                    [2, 2],
                    [1, 1],
                  ],
                ],
              },
            },
          },
          /4 positions/,
        ],
        [{ ...base, area: {} }, /area/],
        [{ ...base, email: 'not-an-address', area: { block_ids: [areaA] } }, /email/],
        [{ ...base, language: 'xx', area: { block_ids: [areaA] } }, /language/],
      ];
      for (const [body, message] of cases) {
        const res = await post('/api/connectors/applications', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
      }
      const seen = smtp.mails.length;
      const bot = await post('/api/connectors/applications', {
        ...base,
        area: { block_ids: [areaA] },
        website: 'http://spam.example',
      });
      expect(bot.status).toBe(202);
      const stored = await database.db
        .selectFrom('connector_application')
        .select('id')
        .where('email', '=', 'bob@example.net')
        .execute();
      expect(stored).toEqual([]);
      expect(smtp.mails.length).toBe(seen);
    });

    it('applies, confirms and is approved: the connector signs in from the mail and sees only their area', async () => {
      const idA = await applyAndConfirm('connector-a@example.net', { block_ids: [areaA] });
      const idC = await applyAndConfirm('connector-c@example.net', { geometry: square }, 'he');

      const list = await get('/api/admin/connectors/applications', people.admin);
      expect(list.status).toBe(200);
      const items = (
        (await list.json()) as {
          items: { id: string; status: string; area_m2: number; blocks: { id: string }[] }[];
        }
      ).items;
      const a = items.find((i) => i.id === idA);
      const c = items.find((i) => i.id === idC);
      expect(a?.status).toBe('pending');
      expect(a?.blocks.map((b) => b.id)).toEqual([areaA]);
      expect(c?.area_m2).toBeGreaterThan(20_000);
      expect(c?.area_m2).toBeLessThan(2_000_000);
      expect((await get('/api/admin/connectors/applications', people.moderator)).status).toBe(403);
      expect(
        (
          await post(
            `/api/admin/connectors/applications/${idA}`,
            { action: 'approve' },
            people.moderator.write,
          )
        ).status,
      ).toBe(403);

      ({ signed: connectorA, membership: membershipA } = await approve(idA, 'connector-a@example.net'));
      ({ signed: connectorC, membership: membershipC } = await approve(idC, 'connector-c@example.net'));
      // the approval mail of the Hebrew applicant is in Hebrew
      const heMail = smtp.mails.filter((m) => to(m).includes('connector-c@example.net')).at(-1);
      expect(heMail?.html).toContain('dir="rtl"');
      // deciding again is refused
      const again = await post(
        `/api/admin/connectors/applications/${idA}`,
        { action: 'decline' },
        people.admin.write,
      );
      expect(again.status).toBe(409);

      const me = (await (await get('/api/auth/me', connectorA)).json()) as {
        memberships: { role: string }[];
      };
      expect(me.memberships.map((m) => m.role)).toEqual(['block_connector']);

      await publish('Chess by the fountain', pointA);
      await publish('Choir in the far park', pointC);

      const areaRes = await get('/api/connector/area', connectorA);
      expect(areaRes.status).toBe(200);
      const area = (await areaRes.json()) as AreaAnswer;
      expect(area.areas).toHaveLength(1);
      const shape = area.areas[0]?.geometry as Polygon | MultiPolygon;
      expect(area.on.map((o) => o.title)).toContain('Chess by the fountain');
      expect(area.on.map((o) => o.title)).not.toContain('Choir in the far park');
      for (const o of area.on) expect(turf.booleanPointInPolygon([o.lon, o.lat], shape), o.title).toBe(true);
      expect(JSON.stringify(area)).not.toMatch(/@/);

      const areaC = (await (await get('/api/connector/area', connectorC)).json()) as AreaAnswer;
      expect(areaC.on.map((o) => o.title)).toContain('Choir in the far park');
      expect(areaC.on.map((o) => o.title)).not.toContain('Chess by the fountain');

      // not a block connector: no area page
      expect((await get('/api/connector/area', people.admin)).status).toBe(403);
      expect((await get('/api/connector/area')).status).toBe(401);
    });

    it('mails the connector of the area when an activity is published there, and nobody else', async () => {
      const seen = smtp.mails.length;
      // published straight by an admin, and through the moderators' review of an editor's draft
      const direct = published['Chess by the fountain'] as string;
      const d = await draftAt('Knitting circle', pointA, people.editorA, people.orgA);
      const sent = await post(
        `/api/admin/opportunities/${d.id}/status`,
        { status: 'pending', expected_updated_at: d.updated_at },
        people.editorA.write,
      );
      expect(sent.status).toBe(200);
      const pending = (await sent.json()) as { updated_at: string };
      const reviewed = await post(
        `/api/admin/review/opportunity/${d.id}`,
        { decision: 'publish', expected_updated_at: pending.updated_at },
        people.moderator.write,
      );
      expect(reviewed.status, await reviewed.clone().text()).toBe(200);
      const outside = await publish('Bridge club far away', pointD);

      await alertsSettled();
      const alerts = await database.db
        .selectFrom('connector_alert')
        .select(['membership_id', 'target_id', 'sent_at'])
        .where('target_type', '=', 'opportunity')
        .execute();
      const of = (id: string) => alerts.filter((x) => x.target_id === id).map((x) => x.membership_id);
      expect(of(direct)).toEqual([membershipA]);
      expect(of(d.id)).toEqual([membershipA]);
      expect(of(published['Choir in the far park'] as string)).toEqual([membershipC]);
      expect(of(outside)).toEqual([]);
      expect(alerts.every((x) => x.sent_at !== null)).toBe(true);

      const toA = smtp.mails.filter((m) => to(m).includes('connector-a@example.net'));
      const subjects = toA.map((m) => m.subject ?? '');
      expect(subjects.some((s) => s.includes('Knitting circle'))).toBe(true);
      expect(subjects.some((s) => s.includes('Chess by the fountain'))).toBe(true);
      expect(subjects.some((s) => s.includes('Bridge club'))).toBe(false);
      const knitting = toA.find((m) => m.subject?.includes('Knitting circle'));
      expect(knitting?.text).toContain(`${PUBLIC_URL}/?item=programs:${d.id}`);
      expect(knitting?.text).toContain(`${PUBLIC_URL}/admin/my-area`);
      const toC = smtp.mails.filter((m) => to(m).includes('connector-c@example.net'));
      expect(toC.some((m) => m.subject?.includes('Chess') || m.subject?.includes('Knitting'))).toBe(false);
      // in the connector's language (Hebrew: right to left)
      const choir = toC.find((m) => m.subject?.includes('Choir'));
      expect(choir?.html).toContain('dir="rtl"');
      expect(smtp.mails.slice(seen).some((m) => m.subject?.includes('Bridge club'))).toBe(false);

      // publishing again (an edit of a published item) sends nothing twice
      const before = smtp.mails.length;
      await alertsSettled();
      expect(smtp.mails.length).toBe(before);
    });

    it('records confirmations and flags inside the area, visible to moderators; outside is 404', async () => {
      const chess = published['Chess by the fountain'] as string;
      const choir = published['Choir in the far park'] as string;
      const ok = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'confirm' },
        connectorA.write,
      );
      expect(ok.status, await ok.clone().text()).toBe(201);
      const flag = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'flag', note: 'It moved to the library' },
        connectorA.write,
      );
      expect(flag.status).toBe(201);
      const outside = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: choir, verdict: 'flag' },
        connectorA.write,
      );
      expect(outside.status).toBe(404);
      const unknown = await post(
        '/api/connector/reviews',
        { target_type: 'need', target_id: '00000000-0000-4000-8000-000000000001', verdict: 'confirm' },
        connectorA.write,
      );
      expect(unknown.status).toBe(404);
      const bad = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'maybe' },
        connectorA.write,
      );
      expect(bad.status).toBe(400);
      // without the CSRF token: refused
      const noCsrf = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'confirm' },
        { cookie: connectorA.cookie },
      );
      expect(noCsrf.status).toBe(403);
      // another role may not review
      const byModerator = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'confirm' },
        people.moderator.write,
      );
      expect(byModerator.status).toBe(403);

      const area = (await (await get('/api/connector/area', connectorA)).json()) as AreaAnswer;
      expect(area.on.find((o) => o.id === chess)?.my_review).toMatchObject({
        verdict: 'flag',
        note: 'It moved to the library',
      });

      const listed = await get(
        `/api/admin/connectors/reviews?target_type=opportunity&target_id=${chess}`,
        people.moderator,
      );
      expect(listed.status).toBe(200);
      const items = (
        (await listed.json()) as { items: { verdict: string; note: string | null; title: string }[] }
      ).items;
      expect(items.map((i) => i.verdict)).toEqual(['flag', 'confirm']);
      expect(items[0]).toMatchObject({ note: 'It moved to the library', title: 'Chess by the fountain' });
      expect((await get('/api/admin/connectors/reviews', connectorA)).status).toBe(403);

      // a published residents' proposal in the area: the flag shows in the moderation queue's item
      const proposalId = randomUUID();
      await sql`
        INSERT INTO proposal (id, tenant_id, kind, status, title, description, language, geom, email, email_hash,
                              schedules, public_contact, confirmed_at, submitted_at)
        SELECT ${proposalId}::uuid, id, 'initiative', 'published', '{"en":"Seed swap"}'::jsonb, '{}'::jsonb, 'en',
               ST_SetSRID(ST_MakePoint(${pointA[0]}, ${pointA[1]}), 4326), 'someone@example.org', 'h', '[]'::jsonb,
               '{}'::jsonb, now(), now()
        FROM tenant WHERE slug = 'lindmere'`.execute(database.db);
      const flagged = await post(
        '/api/connector/reviews',
        { target_type: 'proposal', target_id: proposalId, verdict: 'flag', note: 'Nobody here knows of it' },
        connectorA.write,
      );
      expect(flagged.status).toBe(201);
      expect(
        (
          await post(
            '/api/connector/reviews',
            { target_type: 'proposal', target_id: proposalId, verdict: 'confirm' },
            connectorC.write,
          )
        ).status,
      ).toBe(404);
      const queue = await get('/api/admin/moderation?type=proposal&status=published', people.moderator);
      expect(queue.status).toBe(200);
      const queued = (
        (await queue.json()) as {
          items: { id: string; reviews: { verdict: string; note: string | null }[] }[];
        }
      ).items;
      expect(queued.find((i) => i.id === proposalId)?.reviews).toEqual([
        expect.objectContaining({ verdict: 'flag', note: 'Nobody here knows of it' }),
      ]);

      const audit = await database.db
        .selectFrom('audit_entry')
        .select(['action', 'new', 'previous'])
        .where('action', 'like', 'connector_%')
        .execute();
      const actions = new Set(audit.map((e) => e.action));
      for (const a of [
        'connector_application.submit',
        'connector_application.confirm',
        'connector_application.approve',
        'connector_review.create',
      ])
        expect(actions.has(a), a).toBe(true);
      // residents' addresses are never in the audit log of their submissions
      expect(JSON.stringify(audit.filter((e) => e.action.startsWith('connector_application.')))).not.toMatch(
        /connector-[ac]@/,
      );
    });

    it('lets a moderator mark a flag handled, once: off the open list, in the audit log', async () => {
      const chess = published['Chess by the fountain'] as string;
      const flag = await post(
        '/api/connector/reviews',
        { target_type: 'opportunity', target_id: chess, verdict: 'flag', note: 'The fountain is fenced off' },
        connectorA.write,
      );
      expect(flag.status).toBe(201);
      const flagId = ((await flag.json()) as { id: string }).id;
      type Listed = { items: { id: string; resolved_at: string | null }[] };
      const open = async () =>
        ((await (await get('/api/admin/connectors/reviews?verdict=flag&state=open', people.moderator)).json()) as Listed)
          .items;
      expect((await open()).map((i) => i.id)).toContain(flagId);

      const path = `/api/admin/connectors/reviews/${flagId}/resolve`;
      // neither the connector who flagged it nor an editor may close it
      expect((await post(path, {}, connectorA.write)).status).toBe(403);
      expect((await post(path, {}, people.editorA.write)).status).toBe(403);
      expect((await post('/api/admin/connectors/reviews/not-a-uuid/resolve', {}, people.moderator.write)).status).toBe(
        400,
      );
      expect(
        (await post(`/api/admin/connectors/reviews/${randomUUID()}/resolve`, {}, people.moderator.write)).status,
      ).toBe(404);

      const done = await post(path, {}, people.moderator.write);
      expect(done.status, await done.clone().text()).toBe(200);
      const body = (await done.json()) as { id: string; resolved_at: string };
      expect(body.id).toBe(flagId);
      expect(Number.isNaN(Date.parse(body.resolved_at))).toBe(false);
      expect((await post(path, {}, people.moderator.write)).status).toBe(409);

      expect((await open()).map((i) => i.id)).not.toContain(flagId);
      const resolved = (
        (await (await get('/api/admin/connectors/reviews?state=resolved', people.moderator)).json()) as Listed
      ).items;
      expect(resolved.find((i) => i.id === flagId)?.resolved_at).toBe(body.resolved_at);
      expect((await get('/api/admin/connectors/reviews?state=closed', people.moderator)).status).toBe(400);

      const audit = await database.db
        .selectFrom('audit_entry')
        .select(['entity_id', 'new'])
        .where('action', '=', 'connector_review.resolve')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]?.entity_id).toBe(chess);
      expect(audit[0]?.new).toMatchObject({ review_id: flagId });
    });

    it('declines with a reason that the applicant is told', async () => {
      const id = await applyAndConfirm('connector-x@example.net', { block_ids: [areaA] }, 'fr');
      const seen = smtp.mails.length;
      const res = await post(
        `/api/admin/connectors/applications/${id}`,
        { action: 'decline', reason: 'Ce quartier a déjà un relais' },
        people.admin.write,
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as { application: { status: string } }).application.status).toBe('declined');
      const mail = await mailTo('connector-x@example.net', seen);
      expect(mail.text).toContain('Ce quartier a déjà un relais');
      expect(mail.subject).toMatch(/relais de quartier/);
      const account = await database.db
        .selectFrom('account')
        .select('id')
        .where('email', '=', 'connector-x@example.net')
        .executeTakeFirst();
      expect(account).toBeUndefined();
    });
  });
}
