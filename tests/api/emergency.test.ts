/**
 * Emergency mode: the admin switch (admins of the tenant only, CSRF through the session), the
 * marks, the public state, the notices to the subscribers of the affected areas through a real
 * SMTP server (once per switch-on, an all-clear on switch-off), the Atom feed's first entry, the
 * audit log — and that switching on and off leaves every routine table exactly as it was.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { addOtherTenant } from '../support/other-tenant.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { type Checksums, tableChecksums } from '../support/table-checksums.ts';

const PUBLIC_URL = 'https://map.example.org';
/** what emergency mode may write; everything else is routine data it must leave alone */
const EMERGENCY_TABLES = new Set([
  'emergency_state',
  'emergency_mark',
  'emergency_notice',
  'audit_entry',
  'session',
  'sign_in_attempt',
  // a notice carries manage/unsubscribe links, as every mail to a subscriber does
  'subscription_token',
]);

interface PublicState {
  active: boolean;
  message: string | null;
  message_lang: string | null;
  messages: Record<string, string>;
  since: string | null;
  whole_town: boolean;
  areas: { id: string; name: string }[];
  places: {
    type: string;
    target_id: string;
    role: string;
    name: string;
    address: string | null;
    note: string | null;
    lon: number;
    lat: number;
  }[];
}

const routine = (c: Checksums) =>
  Object.fromEntries(Object.entries(c).filter(([t]) => !EMERGENCY_TABLES.has(t)));

for (const kind of databaseKinds()) {
  describe(`emergency mode [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let app: ReturnType<typeof createApp>;
    let admin: Signed;
    let editor: Signed;
    let otherAdmin: Signed;
    let areaA: string;
    let neighbourB: string;
    let farC: string;
    let centre: { id: string; name: string };
    let opportunity: { id: string };
    const subs: Record<string, string> = {};

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({
          LOG_LEVEL: 'silent',
          ...RATE_LIMITS_OFF,
          SMTP_URL: smtp.url,
          PUBLIC_URL,
          MAIL_FROM: 'Town <alerts@example.org>',
        }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      });
      await addOtherTenant(database.db, { admin: 'other-admin@example.org' });
      await addUser(database.db, { tenant: 'lindmere', email: 'admin@example.org', role: 'admin' });
      await addUser(database.db, {
        tenant: 'lindmere',
        email: 'editor@example.org',
        role: 'editor',
        organisation: 'green-hands',
      });
      admin = await signIn(app, 'admin@example.org');
      editor = await signIn(app, 'editor@example.org');
      otherAdmin = await signIn(app, 'other-admin@example.org', undefined, { tenant: 'otherton' });

      // a neighbourhood, one that shares a border with it, and one far from it
      const { rows } = await sql<{ a: string; b: string; c: string }>`
        SELECT a.id AS a, b.id AS b, c.id AS c
          FROM area a
          JOIN area b ON b.kind = 'neighbourhood' AND b.id <> a.id AND ST_Touches(a.geom, b.geom)
          JOIN area c ON c.kind = 'neighbourhood' AND NOT ST_DWithin(a.geom::geography, c.geom::geography, 300)
         WHERE a.kind = 'neighbourhood'
         ORDER BY a.name, b.name, c.name LIMIT 1`.execute(database.db);
      const picked = rows[0];
      if (!picked) throw new Error('the demo town has no two neighbourhoods sharing a border');
      areaA = picked.a;
      neighbourB = picked.b;
      farC = picked.c;
      centre = await database.db
        .selectFrom('place')
        .select(['id', 'name'])
        .where('kind', '=', 'community_centre')
        .orderBy('name')
        .executeTakeFirstOrThrow();
      opportunity = await database.db
        .selectFrom('opportunity')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const inA = (
        await sql<{ lon: number; lat: number }>`
          SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM area WHERE id = ${areaA}`.execute(
          database.db,
        )
      ).rows[0] as { lon: number; lat: number };
      const tenantId = (
        await database.db
          .selectFrom('tenant')
          .select('id')
          .where('slug', '=', 'lindmere')
          .executeTakeFirstOrThrow()
      ).id;
      const add = async (
        key: string,
        language: string,
        filters: Record<string, string>,
        confirmed = true,
      ) => {
        const id = randomUUID();
        subs[key] = id;
        await database.db
          .insertInto('subscription')
          .values({
            id,
            tenant_id: tenantId,
            email: `${key}.${kind}@example.org`,
            language,
            frequency: 'weekly',
            filters: JSON.stringify(filters),
            confirmed_at: confirmed ? new Date() : null,
            last_sent_at: null,
            covered_until: null,
          })
          .execute();
      };
      await add('in-a', 'he', { area: areaA, category: 'gardening' });
      await add('near-a', 'en', {
        lon: String(Number(inA.lon)),
        lat: String(Number(inA.lat)),
        radius_m: '200',
      });
      await add('neighbour', 'en', { area: neighbourB });
      await add('far', 'fr', { area: farC });
      await add('town', 'uk', {});
      await add('unconfirmed', 'en', { area: areaA }, false);
    });
    afterAll(async () => {
      await smtp?.close();
      await database?.close();
    });

    const put = (path: string, body: unknown, who: Signed | null = admin, tenant = 'lindmere') =>
      app.request(`/api/admin/emergency${path}?tenant=${tenant}`, {
        method: 'PUT',
        headers: who ? who.write : { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const publicState = async (lang: string) => {
      const res = await app.request(`/api/emergency?tenant=lindmere&lang=${lang}`);
      expect(res.status).toBe(200);
      return { body: (await res.json()) as PublicState, res };
    };
    /** the mails after `n` until they stop at `count` (each awaited), by recipient */
    const mailsFrom = async (n: number, count: number) => {
      const got: ParsedMail[] = [];
      for (let i = 0; i < count; i++) got.push(await smtp.next(n + i));
      return new Map(got.map((m) => [String((m.to as { text: string }).text).split('.')[0] as string, m]));
    };

    it('answers the public state (inactive at first), cacheable for a short time', async () => {
      const { body, res } = await publicState('en');
      expect(body).toMatchObject({ active: false, message: null, places: [], areas: [] });
      expect(res.headers.get('cache-control')).toMatch(/public, max-age=15/);
      const etag = res.headers.get('etag') as string;
      const again = await app.request('/api/emergency?tenant=lindmere&lang=en', {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      expect((await app.request('/api/emergency?tenant=nowhere')).status).toBe(404);
      expect((await app.request('/api/emergency?lang=%3Cscript%3E')).status).toBe(400);
    });

    it('lets only admins of the tenant switch and mark, with the CSRF token', async () => {
      const on = { active: true, message: { en: 'Storm' } };
      expect((await put('', on, null)).status).toBe(401);
      expect((await put('', on, editor)).status).toBe(403);
      expect((await put('', on, otherAdmin)).status).toBe(403);
      const noCsrf = await app.request('/api/admin/emergency?tenant=lindmere', {
        method: 'PUT',
        headers: { cookie: admin.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(on),
      });
      expect(noCsrf.status).toBe(403);
      expect(((await noCsrf.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
      expect((await put(`/marks/place/${centre.id}`, { role: 'shelter' }, editor)).status).toBe(403);
      expect(
        (await app.request('/api/admin/emergency?tenant=lindmere', { headers: { cookie: editor.cookie } }))
          .status,
      ).toBe(403);
      expect((await app.request('/api/admin/emergency/marks?tenant=lindmere')).status).toBe(401);
      // another tenant's admin changes only their own tenant
      expect(
        (await put('', { active: false, message: { en: 'Prepared' } }, otherAdmin, 'otherton')).status,
      ).toBe(200);
      expect((await publicState('en')).body.active).toBe(false);
    });

    it('refuses bad input with a message naming the problem, changing nothing', async () => {
      const cases: [unknown, RegExp][] = [
        [{ active: true }, /message: switching emergency mode on needs a message/],
        [{ active: true, message: { en: '   ' } }, /needs a message/],
        [{ active: true, message: { de: 'Sturm' } }, /languages must be among/],
        [{ message: { en: 'x' } }, /active is required/],
        [{ active: true, message: { en: 'x' }, areas: [randomUUID()] }, /areas: no area/],
        [{ active: true, message: { en: 'x' }, areas: ['nope'] }, /areas must be area ids/],
        [{ active: true, message: { en: 'x\u0000' } }, /control characters/],
        [{ active: true, message: { en: 'x' }, extra: 1 }, /extra|unrecognized/i],
      ];
      for (const [body, message] of cases) {
        const res = await put('', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
      }
      const bad = await put(`/marks/place/${centre.id}`, { role: 'bunker' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
        /role must be one of shelter/,
      );
      expect((await put(`/marks/place/${randomUUID()}`, { role: 'shelter' })).status).toBe(404);
      expect((await put(`/marks/thing/${centre.id}`, { role: 'shelter' })).status).toBe(400);
      expect((await publicState('en')).body.active).toBe(false);
      const rows = await database.db.selectFrom('emergency_state').select('tenant_id').execute();
      expect(rows).toHaveLength(1); // only Otherton's prepared message
    });

    it('keeps marks prepared while routine runs, private until the switch is on', async () => {
      const res = await put(`/marks/place/${centre.id}`, {
        role: 'shelter',
        note: { en: 'Beds and blankets', he: 'מיטות ושמיכות' },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        type: 'place',
        target_id: centre.id,
        role: 'shelter',
        name: centre.name,
        note: 'Beds and blankets',
      });
      expect((await put(`/marks/opportunity/${opportunity.id}`, { role: 'volunteer_call' })).status).toBe(
        200,
      );
      // a second PUT changes the mark, no duplicate
      expect(
        (
          await put(`/marks/opportunity/${opportunity.id}`, {
            role: 'distribution_point',
            note: { en: 'Food parcels' },
          })
        ).status,
      ).toBe(200);
      const list = (await (
        await app.request('/api/admin/emergency/marks?tenant=lindmere', { headers: { cookie: admin.cookie } })
      ).json()) as PublicState['places'];
      expect(list.map((m) => [m.type, m.role])).toEqual([
        ['place', 'shelter'],
        ['opportunity', 'distribution_point'],
      ]);
      expect((await publicState('en')).body.places).toEqual([]);
      const audit = await database.db
        .selectFrom('audit_entry')
        .select(['action', 'previous', 'new'])
        .where('action', 'like', 'emergency.mark.%')
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'emergency.mark.save',
        'emergency.mark.save',
        'emergency.mark.save',
      ]);
      expect(audit[2]?.previous).toMatchObject({ role: 'volunteer_call' });
      expect(audit[2]?.new).toMatchObject({ role: 'distribution_point', note: { en: 'Food parcels' } });
    });

    it('switches on: notices once to the subscribers of the affected areas, in their language; the feed leads with it; routine data untouched', async () => {
      const before = routine(await tableChecksums(database.db as unknown as Kysely<unknown>));
      const n = smtp.mails.length;
      const res = await put('', {
        active: true,
        message: {
          en: 'Flooding along the river: go to a shelter',
          he: 'הצפה לאורך הנהר: יש ללכת למקלט',
          fr: '',
        },
        areas: [areaA],
      });
      expect(res.status).toBe(200);
      const state = (await res.json()) as {
        active: boolean;
        notices: { queued: number };
        missing_languages: string[];
        started_by: string;
      };
      expect(state).toMatchObject({ active: true, started_by: 'admin@example.org', notices: { queued: 2 } });
      expect(state.missing_languages).toEqual(['fr', 'pl', 'uk', 'ru']);
      const mails = await mailsFrom(n, 2);
      expect([...mails.keys()].sort()).toEqual(['in-a', 'near-a']);
      const he = mails.get('in-a') as ParsedMail;
      expect(he.subject).toContain('מצב חירום');
      expect(he.text).toContain('הצפה לאורך הנהר');
      expect(he.html).toContain('dir="rtl"');
      expect(he.text).toContain(centre.name);
      const unsub = he.headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '';
      expect(unsub.replace(/\s+/g, ' ')).toMatch(
        /^List-Unsubscribe: <https:\/\/map\.example\.org\/subscriptions\/unsubscribe\?token=/,
      );
      const en = mails.get('near-a') as ParsedMail;
      expect(en.subject).toBe('Emergency in Lindmere (demo town)');
      expect(en.text).toContain('Flooding along the river');
      expect(en.text).toContain('Shelter: ');
      // the link into the map is the tenant's own address (the default tenant: PUBLIC_URL)
      expect(en.text).toContain(`${PUBLIC_URL}/?lang=en`);

      const { body } = await publicState('he');
      expect(body).toMatchObject({
        active: true,
        message: 'הצפה לאורך הנהר: יש ללכת למקלט',
        message_lang: 'he',
        whole_town: false,
      });
      expect(Object.keys(body.messages).sort()).toEqual(['en', 'he']);
      expect(body.areas.map((a) => a.id)).toEqual([areaA]);
      expect(body.places[0]).toMatchObject({ role: 'shelter', name: centre.name, note: 'מיטות ושמיכות' });
      expect(body.places[0]?.lon).toEqual(expect.any(Number));
      // a language without its own message falls back to the tenant's default
      expect((await publicState('pl')).body).toMatchObject({
        message: 'Flooding along the river: go to a shelter',
        message_lang: 'en',
      });

      const atom = await (await app.request('/api/feeds/atom.xml?tenant=lindmere&lang=en')).text();
      const firstEntry = atom.slice(atom.indexOf('<entry'), atom.indexOf('</entry>'));
      expect(firstEntry).toContain('<category term="emergency"/>');
      expect(firstEntry).toContain('Emergency: Flooding along the river');

      // repeating the switch (and widening nothing) sends nothing more
      const again = await put('', {
        active: true,
        message: { en: 'Flooding along the river: go to a shelter (updated)' },
      });
      expect(((await again.json()) as { notices: { queued: number } }).notices.queued).toBe(0);
      expect(routine(await tableChecksums(database.db as unknown as Kysely<unknown>))).toEqual(before);

      const audit = await database.db
        .selectFrom('audit_entry')
        .select(['action', 'previous', 'new', 'actor_label'])
        .where('entity_type', '=', 'emergency')
        .where('tenant_id', '=', (eb) => eb.selectFrom('tenant').select('id').where('slug', '=', 'lindmere'))
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['emergency.on', 'emergency.update']);
      expect(audit[0]).toMatchObject({
        actor_label: 'admin@example.org',
        previous: { active: false },
        new: { active: true, areas: [areaA] },
      });
      expect(audit[1]?.previous).toMatchObject({
        message: { en: 'Flooding along the river: go to a shelter' },
      });
    });

    it('switches off: an all-clear to those notified, the routine view back, routine data untouched', async () => {
      const before = routine(await tableChecksums(database.db as unknown as Kysely<unknown>));
      const n = smtp.mails.length;
      const res = await put('', { active: false });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { notices: { queued: number } }).notices.queued).toBe(2);
      const mails = await mailsFrom(n, 2);
      expect([...mails.keys()].sort()).toEqual(['in-a', 'near-a']);
      expect(mails.get('near-a')?.subject).toBe('All clear in Lindmere (demo town)');
      expect((await publicState('en')).body).toMatchObject({ active: false, message: null, places: [] });
      const atom = await (await app.request('/api/feeds/atom.xml?tenant=lindmere&lang=en')).text();
      expect(atom).not.toContain('term="emergency"');
      // switching off twice sends nothing
      expect(
        ((await (await put('', { active: false })).json()) as { notices: { queued: number } }).notices.queued,
      ).toBe(0);
      expect(routine(await tableChecksums(database.db as unknown as Kysely<unknown>))).toEqual(before);
      const actions = await database.db
        .selectFrom('audit_entry')
        .select('action')
        .where('entity_type', '=', 'emergency')
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toContain('emergency.off');
    });

    it('a second switch-on for the whole town reaches every confirmed subscriber once', async () => {
      const n = smtp.mails.length;
      const res = await put('', { active: true, areas: [] });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { notices: { queued: number }; activation: number }).notices.queued).toBe(
        5,
      );
      const mails = await mailsFrom(n, 5);
      expect([...mails.keys()].sort()).toEqual(['far', 'in-a', 'near-a', 'neighbour', 'town']);
      expect(mails.get('town')?.text).toContain('Усе місто');
      expect(mails.get('far')?.subject).toBe('Urgence à Lindmere (ville fictive)');
      expect((await publicState('en')).body.whole_town).toBe(true);
      expect((await publicState('en')).body.places.map((p) => p.target_id)).toContain(centre.id);
      // a mark on a place that is no longer published is not public (nor does it come back by itself)
      const setStatus = async (status: string) => {
        const current = await app.request(`/api/admin/places/${centre.id}?tenant=lindmere`, {
          headers: { cookie: admin.cookie },
        });
        expect(current.status).toBe(200);
        const { updated_at } = (await current.json()) as { updated_at: string };
        const res = await app.request(`/api/admin/places/${centre.id}/status?tenant=lindmere`, {
          method: 'POST',
          headers: admin.write,
          body: JSON.stringify({ status, expected_updated_at: updated_at }),
        });
        expect(res.status, await res.clone().text()).toBe(200);
      };
      await setStatus('archived');
      expect((await publicState('en')).body.places.map((p) => p.target_id)).not.toContain(centre.id);
      // the admin still sees the mark
      const marks = await app.request('/api/admin/emergency/marks?tenant=lindmere', {
        headers: { cookie: admin.cookie },
      });
      expect(JSON.stringify(await marks.json())).toContain(centre.id);
      await setStatus('published');
      expect((await publicState('en')).body.places.map((p) => p.target_id)).toContain(centre.id);
      // …and the same for an opportunity (set in the database)
      const setOpportunity = (status: 'draft' | 'published') =>
        database.db.updateTable('opportunity').set({ status }).where('id', '=', opportunity.id).execute();
      await setOpportunity('draft');
      expect((await publicState('en')).body.places.map((p) => p.type)).toEqual(['place']);
      await setOpportunity('published');
      expect((await publicState('en')).body.places.map((p) => p.type).sort()).toEqual([
        'opportunity',
        'place',
      ]);
      // unmarking a place shows at once in the public state
      const del = await app.request(`/api/admin/emergency/marks/place/${centre.id}?tenant=lindmere`, {
        method: 'DELETE',
        headers: admin.write,
      });
      expect(del.status).toBe(200);
      expect((await publicState('en')).body.places.map((p) => p.type)).toEqual(['opportunity']);
      const gone = await app.request(`/api/admin/emergency/marks/place/${centre.id}?tenant=lindmere`, {
        method: 'DELETE',
        headers: admin.write,
      });
      expect(gone.status).toBe(404);
      expect((await put('', { active: false })).status).toBe(200);
      const last = await smtp.next(n + 5);
      expect(last.subject).toMatch(/^All clear|Fin|סיום|Koniec|Відбій|Отбой/);
    });
  });
}
