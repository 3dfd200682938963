/**
 * A funding call end to end (issue 13, done-when 2), on both databases with a real SMTP server:
 * an admin creates and opens a call; residents submit initiatives with a cost (POST
 * /api/proposals) and confirm them from the mail; a moderator publishes them as submissions;
 * supports are collected in the window and confirmed from the mails (a second support from the
 * same address refused, one without "I live in the area" refused, one after the window refused,
 * one never confirmed not counted); the ranking and the greedy fit within the budget are what a
 * hand computation says (a big one skipped, a smaller later one taken); a set over the budget is
 * refused; the admin funds the fit, and the funded initiatives — and only they — are on the map.
 * Then grants: the content API's grant fields, the public detail and `?kind=grant&open=1`.
 */
import type { ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, type TestDatabase, testApp } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';
const HOUR = 3_600_000;

/**
 * The hand computation. Budget 10 000 EUR, at most 6 000 per initiative; supports (confirmed, in
 * the window, residents):
 *
 *   rank  item   supports  cost   left before  taken?
 *   1     A      3         6000   10000        yes → 4000 left
 *   2     B      2         3000   4000         yes → 1000 left   (B before C: submitted earlier)
 *   3     C      2         5000   1000         no, does not fit (skipped)
 *   4     D      1         1000   1000         yes → 0 left       (smaller and later: fits)
 *   5     E      0         2500   0            no
 *
 * Funded: A, B, D = 10 000 exactly.
 */
const ITEMS = [
  { key: 'A', cost: 6000, title: 'Community fridge' },
  { key: 'B', cost: 3000, title: 'Repair café tools' },
  { key: 'C', cost: 5000, title: 'Courtyard pergola' },
  { key: 'D', cost: 1000, title: 'Seed library shelf' },
  { key: 'E', cost: 2500, title: 'Chess tables' },
] as const;
type Key = (typeof ITEMS)[number]['key'];
/** who supports what (each supporter one address) */
const SUPPORTS: [string, Key[]][] = [
  ['sam@example.net', ['A', 'B', 'C', 'D']],
  ['noa@example.net', ['A', 'B', 'C']],
  ['ira@example.net', ['A']],
];

for (const kind of databaseKinds()) {
  describe(`funding calls and grants [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let app: ReturnType<typeof testApp>;
    let admin: Signed;
    let tenant = '';
    let area = { id: '', lon: 0, lat: 0, bbox: '' };
    let callId = '';
    const ids = {} as Record<Key, string>;

    const json = async <T = Record<string, unknown>>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = { 'content-type': 'application/json' },
    ): Promise<{ status: number; body: T }> => {
      const res = await app.request(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const asAdmin = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
      json<T>(method, path, body, method === 'GET' ? { cookie: admin.cookie } : admin.write);

    /** the first mail to `to` after `seen` mails whose text has `path?token=…`, and that token */
    async function tokenFor(to: string, seen: number, path: string): Promise<string> {
      const re = new RegExp(`${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_-]+)`);
      const match = (m: ParsedMail) =>
        (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((a) => a.text.includes(to)) &&
        re.test(m.text ?? '');
      for (let n = seen; ; n++) {
        const m = smtp.mails[n] ?? (await smtp.next(n));
        if (match(m)) return re.exec(m.text ?? '')?.[1] as string;
      }
    }
    const confirm = async (token: string) => {
      const r = await json<{ target_type: string; target_id: string; status: string }>(
        'POST',
        `/api/participation/confirm?tenant=${tenant}`,
        { token },
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    const support = (email: string, key: Key, livesInArea = true) =>
      json('POST', `/api/supports?tenant=${tenant}`, {
        target_type: 'proposal',
        target_id: ids[key],
        email,
        language: 'en',
        lives_in_area: livesInArea,
        website: '',
      });

    beforeAll(async () => {
      smtp = await startTestSmtp();
      database = await openTestDatabase(kind);
      app = testApp(database, { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'Town <town@example.org>' });
      const t = await database.db.selectFrom('tenant').select('slug').orderBy('id').executeTakeFirstOrThrow();
      tenant = t.slug;
      await addUser(database.db, { tenant, email: 'calls-admin@example.org', role: 'admin' });
      admin = await signIn(app, 'calls-admin@example.org', undefined, { tenant });
      const { rows } = await sql<{ id: string; lon: number; lat: number }>`
        SELECT a.id::text AS id, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
        FROM area a JOIN tenant t ON t.id = a.tenant_id
        WHERE t.slug = ${tenant} AND a.kind = 'neighbourhood' ORDER BY a.name LIMIT 1`.execute(database.db);
      const a = rows[0];
      if (!a) throw new Error('the demo town has no neighbourhood');
      const [lon, lat] = [Number(a.lon), Number(a.lat)];
      area = { id: a.id, lon, lat, bbox: [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01].join(',') };
    }, 120_000);
    afterAll(async () => {
      await database?.close();
      await smtp?.close();
    });

    it('creates a call as a draft, refuses bad ones naming the field, and opens it', async () => {
      const now = Date.now();
      const input = {
        title: { en: 'Our street, our budget', he: 'הרחוב שלנו, התקציב שלנו' },
        description: { en: 'Small projects by residents of the neighbourhood.' },
        rules: { en: 'One supporter, one support. Only residents count.' },
        budget: 10_000,
        currency: 'EUR',
        max_amount: 6000,
        area_ids: [area.id],
        submissions_open: new Date(now - HOUR).toISOString(),
        submissions_close: new Date(now + 2 * HOUR).toISOString(),
        supports_open: new Date(now - HOUR).toISOString(),
        supports_close: new Date(now + 3 * HOUR).toISOString(),
        residents_only: true,
      };
      const bad = await asAdmin<{ error: { message: string } }>('POST', `/api/admin/calls?tenant=${tenant}`, {
        ...input,
        supports_close: input.supports_open,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/supports_close/);
      const over = await asAdmin<{ error: { message: string } }>(
        'POST',
        `/api/admin/calls?tenant=${tenant}`,
        {
          ...input,
          max_amount: 20_000,
        },
      );
      expect(over.status).toBe(400);
      expect(over.body.error.message).toMatch(/max_amount/);
      expect((await json('POST', `/api/admin/calls?tenant=${tenant}`, input)).status).toBe(401);

      const created = await asAdmin<{ id: string; status: string; phase: string }>(
        'POST',
        `/api/admin/calls?tenant=${tenant}`,
        input,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.status).toBe('draft');
      callId = created.body.id;
      // a draft is not public
      expect((await json('GET', `/api/calls/${callId}?tenant=${tenant}`)).status).toBe(404);
      const opened = await asAdmin<{ status: string; phase: string }>(
        'POST',
        `/api/admin/calls/${callId}/open?tenant=${tenant}`,
      );
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ status: 'open', phase: 'submissions' });
      expect((await asAdmin('POST', `/api/admin/calls/${callId}/open?tenant=${tenant}`)).status).toBe(409);
      const list = await json<{ items: { id: string }[] }>('GET', `/api/calls?tenant=${tenant}`);
      expect(list.body.items.map((c) => c.id)).toContain(callId);
    });

    it('takes initiatives with a cost, confirmed from the mail and published by a moderator', async () => {
      for (const [i, item] of ITEMS.entries()) {
        const email = `proposer-${item.key.toLowerCase()}@example.net`;
        const seen = smtp.mails.length;
        const r = await json('POST', `/api/proposals?tenant=${tenant}`, {
          kind: 'initiative',
          title: item.title,
          description: `${item.title}: what we will build, with whom.`,
          language: 'en',
          categories: [],
          audiences: [],
          languages: ['en'],
          // spread a little inside the neighbourhood
          location: { lon: area.lon + i * 1e-5, lat: area.lat },
          email,
          website: '',
          call_id: callId,
          cost: item.cost,
          cost_note: 'materials',
        });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
        const done = await confirm(await tokenFor(email, seen, '/participate/confirm'));
        expect(done).toMatchObject({ target_type: 'proposal', status: 'pending' });
        ids[item.key] = done.target_id;
      }
      // over the call's most per initiative: refused naming the cost
      const tooMuch = await json<{ error: { message: string } }>('POST', `/api/proposals?tenant=${tenant}`, {
        kind: 'initiative',
        title: 'A playground',
        description: 'Too big for this call.',
        language: 'en',
        location: { lon: area.lon, lat: area.lat },
        email: 'big@example.net',
        website: '',
        call_id: callId,
        cost: 7000,
      });
      expect(tooMuch.status).toBe(400);
      expect(tooMuch.body.error.message).toMatch(/cost/);

      // pending submissions are not public yet
      const before = await json<{ submissions: unknown[] }>('GET', `/api/calls/${callId}?tenant=${tenant}`);
      expect(before.body.submissions).toEqual([]);
      for (const item of ITEMS) {
        const got = await asAdmin<{ updated_at: string }>(
          'GET',
          `/api/admin/moderation/proposal/${ids[item.key]}?tenant=${tenant}`,
        );
        expect(got.status, JSON.stringify(got.body)).toBe(200);
        const published = await asAdmin(
          'POST',
          `/api/admin/moderation/proposal/${ids[item.key]}?tenant=${tenant}`,
          {
            action: 'publish',
            expected_updated_at: got.body.updated_at,
          },
        );
        expect(published.status, JSON.stringify(published.body)).toBe(200);
      }
      const after = await json<{
        submissions: { id: string; cost: number; supports: number }[];
        ranking: unknown;
      }>('GET', `/api/calls/${callId}?tenant=${tenant}`);
      expect(after.body.submissions.map((s) => s.id)).toEqual(ITEMS.map((i) => ids[i.key]));
      expect(after.body.submissions.map((s) => s.cost)).toEqual(ITEMS.map((i) => i.cost));
      expect(after.body.ranking).toBeNull(); // supports are still being collected
      // a submission of a call is not on the map before it is funded
      const layer = await json<{ features: { id: string }[] }>(
        'GET',
        `/api/layers/programs?tenant=${tenant}&bbox=${area.bbox}`,
      );
      const opportunities = await database.db
        .selectFrom('opportunity')
        .select('id')
        .where('source', '=', 'proposal')
        .where('source_id', 'in', Object.values(ids))
        .execute();
      expect(opportunities).toEqual([]);
      expect(layer.status).toBe(200);
    });

    it('collects supports in the window, once per confirmed address, residents only', async () => {
      for (const [email, keys] of SUPPORTS)
        for (const key of keys) {
          const seen = smtp.mails.length;
          const r = await support(email, key);
          expect(r.status, JSON.stringify(r.body)).toBe(202);
          await confirm(await tokenFor(email, seen, '/participate/confirm'));
        }
      // the same address again: refused, confirmed or not
      const again = await support('noa@example.net', 'A');
      expect(again.status).toBe(409);
      expect((again.body as { error: { code: string } }).error.code).toBe('already_supported');
      // without declaring to live in the area: refused naming it
      const outsider = await support('tal@example.net', 'E', false);
      expect(outsider.status).toBe(400);
      expect(JSON.stringify(outsider.body)).toMatch(/lives_in_area/);
      // asked but never confirmed: does not count
      expect((await support('lee@example.net', 'E')).status).toBe(202);

      const live = await asAdmin<{ items: { proposal_id: string; supports: number }[] }>(
        'GET',
        `/api/admin/calls/${callId}/result?tenant=${tenant}`,
      );
      expect(live.status).toBe(200);
      expect(Object.fromEntries(live.body.items.map((i) => [i.proposal_id, i.supports]))).toEqual({
        [ids.A]: 3,
        [ids.B]: 2,
        [ids.C]: 2,
        [ids.D]: 1,
        [ids.E]: 0,
      });
    });

    it('closes the supports window: later supports are refused, the ranking fits the budget', async () => {
      // funding waits for the end of the supports window
      expect(
        (await asAdmin('POST', `/api/admin/calls/${callId}/fund?tenant=${tenant}`, { proposal_ids: [] }))
          .status,
      ).toBe(409);
      const now = Date.now();
      const moved = await asAdmin('PUT', `/api/admin/calls/${callId}?tenant=${tenant}`, {
        submissions_close: new Date(now - 1000).toISOString(),
        supports_close: new Date(now).toISOString(),
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const late = await support('ira@example.net', 'B');
      expect(late.status).toBe(400);
      expect((late.body as { error: { code: string } }).error.code).toBe('supports_closed');

      const result = await asAdmin<{
        items: { proposal_id: string; rank: number; supports: number; cost: number; selected: boolean }[];
        selected: string[];
        selected_total: number;
        remaining: number;
        supports_closed: boolean;
      }>('GET', `/api/admin/calls/${callId}/result?tenant=${tenant}`);
      expect(result.body.supports_closed).toBe(true);
      expect(result.body.items.map((i) => [i.proposal_id, i.rank, i.supports, i.cost, i.selected])).toEqual([
        [ids.A, 1, 3, 6000, true],
        [ids.B, 2, 2, 3000, true],
        [ids.C, 3, 2, 5000, false],
        [ids.D, 4, 1, 1000, true],
        [ids.E, 5, 0, 2500, false],
      ]);
      expect(result.body.selected).toEqual([ids.A, ids.B, ids.D]);
      expect(result.body.selected_total).toBe(10_000);
      expect(result.body.remaining).toBe(0);
      const pub = await json<{ ranking: { items: { proposal_id: string }[] } | null; phase: string }>(
        'GET',
        `/api/calls/${callId}?tenant=${tenant}`,
      );
      expect(pub.body.phase).toBe('counting');
      expect(pub.body.ranking?.items.map((i) => i.proposal_id)).toEqual([ids.A, ids.B, ids.C, ids.D, ids.E]);
    });

    it('refuses a set over the budget, funds the fit, and puts the funded ones on the map', async () => {
      const over = await asAdmin<{ error: { message: string } }>(
        'POST',
        `/api/admin/calls/${callId}/fund?tenant=${tenant}`,
        {
          proposal_ids: [ids.A, ids.B, ids.C],
        },
      );
      expect(over.status).toBe(400);
      expect(over.body.error.message).toMatch(/14000 EUR, over the budget of 10000 EUR/);
      const stranger = await asAdmin('POST', `/api/admin/calls/${callId}/fund?tenant=${tenant}`, {
        proposal_ids: ['00000000-0000-4000-8000-000000000000'],
      });
      expect(stranger.status).toBe(400);
      expect(
        await database.db.selectFrom('proposal').select('id').where('funded_at', 'is not', null).execute(),
      ).toEqual([]);

      const funded = await asAdmin<{
        items: { proposal_id: string; funded: boolean }[];
        funded_total: number;
      }>('POST', `/api/admin/calls/${callId}/fund?tenant=${tenant}`, { proposal_ids: [ids.A, ids.B, ids.D] });
      expect(funded.status, JSON.stringify(funded.body)).toBe(200);
      expect(funded.body.funded_total).toBe(10_000);
      expect(funded.body.items.filter((i) => i.funded).map((i) => i.proposal_id)).toEqual([
        ids.A,
        ids.B,
        ids.D,
      ]);
      expect(
        (await asAdmin('POST', `/api/admin/calls/${callId}/fund?tenant=${tenant}`, { proposal_ids: [] }))
          .status,
      ).toBe(409);

      const pub = await json<{
        status: string;
        submissions: { id: string; funded: boolean; opportunity_id: string | null }[];
      }>('GET', `/api/calls/${callId}?tenant=${tenant}`);
      expect(pub.body.status).toBe('decided');
      const opportunityOf = Object.fromEntries(pub.body.submissions.map((s) => [s.id, s.opportunity_id]));
      for (const k of ['C', 'E'] as const) expect(opportunityOf[ids[k]]).toBeNull();

      const layer = await json<{ features: { id: string; properties: { name: string } }[] }>(
        'GET',
        `/api/layers/programs?tenant=${tenant}&bbox=${area.bbox}`,
      );
      const onMap = new Set(layer.body.features.map((f) => f.id));
      for (const k of ['A', 'B', 'D'] as const)
        expect(onMap.has(opportunityOf[ids[k]] as string), k).toBe(true);
      const names = layer.body.features.map((f) => f.properties.name);
      expect(names).toEqual(
        expect.arrayContaining(['Community fridge', 'Repair café tools', 'Seed library shelf']),
      );
      expect(names).not.toContain('Courtyard pergola');
      expect(names).not.toContain('Chess tables');

      const rows = await database.db
        .selectFrom('opportunity')
        .select(['id', 'status', 'attributes', 'source_id'])
        .where('source', '=', 'proposal')
        .where('source_id', 'in', Object.values(ids))
        .orderBy('source_id')
        .execute();
      expect(rows.map((r) => r.source_id).sort()).toEqual([ids.A, ids.B, ids.D].sort());
      for (const r of rows) {
        expect(r.status).toBe('published');
        expect(r.attributes).toMatchObject({ resident_initiative: true, funded_by_call: callId });
      }
      const detail = await json<{ title: string }>(
        'GET',
        `/api/opportunities/${opportunityOf[ids.A]}?tenant=${tenant}`,
      );
      expect(detail.body.title).toBe('Community fridge');
    });

    it('has every step of the call in the audit log', async () => {
      const entries = await database.db
        .selectFrom('audit_entry')
        .select(['action', 'entity_id'])
        .where((eb) => eb.or([eb('entity_id', '=', callId), eb('entity_id', 'in', Object.values(ids))]))
        .execute();
      const actions = entries.map((e) => e.action);
      for (const a of [
        'funding_call.create',
        'funding_call.open',
        'funding_call.update',
        'funding_call.fund',
      ])
        expect(actions).toContain(a);
      expect(actions.filter((a) => a === 'proposal.fund')).toHaveLength(3);
    });

    it('keeps grants: deadline, amount and eligibility in and out, and finds the open ones', async () => {
      const today = new Date();
      const day = (d: number) => new Date(today.getTime() + d * 86_400_000).toISOString().slice(0, 10);
      const make = async (title: string, deadline: string) => {
        const r = await asAdmin<{
          id: string;
          updated_at: string;
          grant: unknown;
          eligibility: string | null;
        }>('POST', `/api/admin/opportunities?tenant=${tenant}`, {
          kind: 'grant',
          title: { en: title },
          location: { lon: area.lon, lat: area.lat },
          grant: { deadline, amount: 1500, currency: 'EUR' },
          eligibility: 'Groups of at least three residents',
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body.grant).toEqual({ deadline, amount: 1500, currency: 'EUR' });
        expect(r.body.eligibility).toBe('Groups of at least three residents');
        const p = await asAdmin('POST', `/api/admin/opportunities/${r.body.id}/status?tenant=${tenant}`, {
          status: 'published',
          expected_updated_at: r.body.updated_at,
        });
        expect(p.status, JSON.stringify(p.body)).toBe(200);
        return r.body.id;
      };
      const open = await make('Youth grant', day(30));
      const past = await make('Last year’s grant', day(-30));
      const wrong = await asAdmin<{ error: { message: string } }>(
        'POST',
        `/api/admin/opportunities?tenant=${tenant}`,
        {
          kind: 'program',
          title: { en: 'Not a grant' },
          grant: { deadline: day(3), amount: 10, currency: 'EUR' },
        },
      );
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toMatch(/grant/);
      const bad = await asAdmin('POST', `/api/admin/opportunities?tenant=${tenant}`, {
        kind: 'grant',
        title: { en: 'Bad date' },
        grant: { deadline: '2026-02-30', amount: 10, currency: 'EUR' },
      });
      expect(bad.status).toBe(400);

      const detail = await json<{ grant: unknown; eligibility: string }>(
        'GET',
        `/api/opportunities/${open}?tenant=${tenant}`,
      );
      expect(detail.body.grant).toEqual({ deadline: day(30), amount: 1500, currency: 'EUR' });
      expect(detail.body.eligibility).toBe('Groups of at least three residents');
      const found = await json<{ items: { id: string; kind: string; grant: unknown }[] }>(
        'GET',
        `/api/opportunities?tenant=${tenant}&kind=grant&open=1`,
      );
      expect(found.status).toBe(200);
      const foundIds = found.body.items.map((i) => i.id);
      expect(foundIds).toContain(open);
      expect(foundIds).not.toContain(past);
      expect(found.body.items.every((i) => i.kind === 'grant')).toBe(true);
      expect(found.body.items.find((i) => i.id === open)?.grant).toEqual({
        deadline: day(30),
        amount: 1500,
        currency: 'EUR',
      });
      const all = await json<{ items: { id: string }[] }>(
        'GET',
        `/api/opportunities?tenant=${tenant}&kind=grant`,
      );
      expect(all.body.items.map((i) => i.id)).toEqual(expect.arrayContaining([open, past]));
    });
  });
}
