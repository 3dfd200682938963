/**
 * Issue 13 follow-ups on both databases, through the suite's SMTP server: (1) the items of
 * `GET /api/opportunities` say `resident_initiative` — a published proposal's opportunity is marked,
 * an ordinary one is not, on the stored-occurrence path, the on-the-fly expansion and the test
 * reference alike; (2) retention: a decided proposal's or need's e-mail address, and a confirmed
 * support's, is cleared PARTICIPATION_EMAIL_RETENTION_DAYS after the decision (rows dated back in
 * SQL), keeping email_hash (one support per e-mail still holds) and nothing else changed; a
 * returned proposal whose edit link still works and a recent decision keep theirs; a later
 * decision on a cleared row mails nobody.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { type SearchQuery, searchOpportunities } from '../../server/opportunities/search.ts';
import { searchExpanded } from '../../server/opportunities/search-expanded.ts';
import { emailHash } from '../../server/participation/identity.ts';
import { purgeParticipation } from '../../server/participation/retention.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { searchOracle } from '../support/search-oracle.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';
let nextClient = 1;
const someClient = () => ({
  incoming: { socket: { remoteAddress: `198.51.100.${(nextClient++ % 250) + 1}` } },
});

const recipients = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).map((a) => a.text.toLowerCase()).join(', ');

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

interface Item {
  id: string;
  status: string;
  updated_at: string;
  email_domain: string;
}

for (const kind of databaseKinds()) {
  describe(`participation follow-ups [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let app: ReturnType<typeof createApp>;
    let moderator: Signed;
    let tenantId: number;
    let point: { lon: number; lat: number };

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(
        path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        },
        someClient(),
      );
    const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
    const queued = async (id: string, status: string) => {
      const r = await get(`/api/admin/moderation?type=proposal&status=${status}`, {
        cookie: moderator.cookie,
      });
      expect(r.status).toBe(200);
      const item = ((await r.json()) as { items: Item[] }).items.find((i) => i.id === id);
      if (!item) throw new Error(`proposal ${id} is not ${status} in the queue`);
      return item;
    };
    /** proposes, confirms from the mail: the proposal's id */
    const proposeAndConfirm = async (title: string, email: string) => {
      const seen = smtp.mails.length;
      const r = await post('/api/proposals', {
        kind: 'group',
        title,
        description: 'Neighbours meet and help each other.',
        language: 'en',
        categories: ['social'],
        audiences: ['everyone'],
        languages: ['en'],
        location: point,
        email,
        website: '',
      });
      expect(r.status, await r.clone().text()).toBe(202);
      const c = await post('/api/participation/confirm', {
        token: tokenIn(await mailTo(smtp, email, seen), '/participate/confirm'),
      });
      expect(c.status).toBe(200);
      return ((await c.json()) as { target_id: string }).target_id;
    };
    const decide = async (id: string, status: string, body: Record<string, unknown>) => {
      const item = await queued(id, status);
      const r = await post(
        `/api/admin/moderation/proposal/${id}`,
        { ...body, expected_updated_at: item.updated_at },
        moderator.write,
      );
      expect(r.status, await r.clone().text()).toBe(200);
      return (await r.json()) as { status: string; opportunity_id: string | null };
    };
    const rowOf = async (table: 'proposal' | 'need' | 'support', id: string) =>
      (
        await sql<{ row: Record<string, unknown> }>`
          SELECT to_jsonb(x) AS row FROM ${sql.table(table)} x WHERE x.id = ${id}::uuid`.execute(database.db)
      ).rows[0]?.row;

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF, SMTP_URL: smtp.url, PUBLIC_URL }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('error'),
      });
      const { rows } = await sql<{ tenant_id: number; lon: number; lat: number }>`
        SELECT t.id AS tenant_id, ST_X(ST_PointOnSurface(a.geom)) AS lon, ST_Y(ST_PointOnSurface(a.geom)) AS lat
        FROM area a JOIN tenant t ON t.id = a.tenant_id AND t.slug = 'lindmere'
        WHERE a.kind = 'neighbourhood' ORDER BY a.name LIMIT 1`.execute(database.db);
      const first = rows[0];
      if (!first) throw new Error('the demo town has no neighbourhoods');
      tenantId = Number(first.tenant_id);
      point = { lon: Number(first.lon), lat: Number(first.lat) };
      await addUser(database.db, { tenant: 'lindmere', email: 'moderator@example.org', role: 'moderator' });
      moderator = await signIn(app, 'moderator@example.org');
    });

    afterAll(async () => {
      await smtp?.close();
      await database?.close();
    });

    it('marks a published proposal’s opportunity as a resident initiative in the list, and not an ordinary one', async () => {
      const title = `Courtyard neighbours ${kind} ${Date.now().toString(36)}`;
      const id = await proposeAndConfirm(title, `list-${kind}@example.org`);
      const published = await decide(id, 'pending', { action: 'publish' });
      const oppId = published.opportunity_id;
      if (!oppId) throw new Error('publishing made no opportunity');

      type ListItem = { id: string; name: string; resident_initiative: boolean };
      const list = async (query: string) => {
        const r = await get(`/api/opportunities?${query}`);
        expect(r.status).toBe(200);
        return ((await r.json()) as { items: ListItem[] }).items;
      };
      const found = await list(`q=${encodeURIComponent(title)}`);
      expect(found.map((i) => [i.id, i.resident_initiative])).toEqual([[oppId, true]]);

      // around it: the resident initiative marked, every ordinary opportunity not
      const around = await list(`lon=${point.lon}&lat=${point.lat}&radius_m=3000&limit=500`);
      expect(around.find((i) => i.id === oppId)?.resident_initiative).toBe(true);
      const ordinary = around.filter((i) => i.id !== oppId);
      expect(ordinary.length).toBeGreaterThan(0);
      expect(ordinary.every((i) => i.resident_initiative === false)).toBe(true);
      const sources = await sql<{ id: string; source: string | null }>`
        SELECT id::text AS id, source FROM opportunity WHERE id = ANY(${ordinary.map((i) => i.id)}::uuid[])`.execute(
        database.db,
      );
      expect(sources.rows.some((r) => r.source === 'proposal')).toBe(false);

      // the same on the stored path, the on-the-fly expansion and the test reference
      const tz = await sql<{ timezone: string; default_locale: string }>`
        SELECT timezone, default_locale FROM tenant WHERE id = ${tenantId}`.execute(database.db);
      const q: SearchQuery = {
        tenantId,
        timezone: tz.rows[0]?.timezone ?? 'UTC',
        lang: 'en',
        defaultLang: tz.rows[0]?.default_locale ?? 'en',
        near: [point.lon, point.lat],
        radiusM: 3000,
        limit: 500,
        now: Date.now(),
      };
      for (const search of [searchOpportunities, searchExpanded, searchOracle]) {
        const items = (await search(database.db, q)).items;
        expect(items.find((i) => i.id === oppId)?.resident_initiative, search.name).toBe(true);
        expect(
          items.filter((i) => i.id !== oppId).every((i) => i.resident_initiative === false),
          search.name,
        ).toBe(true);
      }
    });

    it('clears old decided addresses, keeps the hash and everything else, and leaves returned and recent ones', async () => {
      const oldEmail = `Old.Proposer-${kind}@Example.org`;
      const old = await proposeAndConfirm('Old repair café', oldEmail);
      await decide(old, 'pending', { action: 'publish' });
      const returned = await proposeAndConfirm('Returned idea', `returned-${kind}@example.org`);
      await decide(returned, 'pending', { action: 'return', reason: 'Please say where exactly.' });
      const recent = await proposeAndConfirm('Recent idea', `recent-${kind}@example.org`);
      await decide(recent, 'pending', { action: 'reject', reason: 'Not in this town.' });

      // a need decided long ago and a support confirmed long ago, written as older code left them
      const needId = randomUUID();
      const needEmail = `needer-${kind}@example.net`;
      await sql`
        INSERT INTO need (id, tenant_id, status, text, language, geom, public_geom, email, email_hash,
                          created_at, confirmed_at, submitted_at, decided_at, updated_at)
        VALUES (${needId}::uuid, ${tenantId}, 'published', 'A bench by the bus stop', 'en',
                ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326), ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326),
                ${needEmail}, ${emailHash(tenantId, needEmail)}, now() - interval '200 days', now() - interval '200 days',
                now() - interval '200 days', now() - interval '120 days', now() - interval '120 days')`.execute(
        database.db,
      );
      const supportId = randomUUID();
      const supporter = `supporter-${kind}@example.org`;
      await sql`
        INSERT INTO support (id, tenant_id, target_type, target_id, email_hash, email, language, status, created_at, confirmed_at)
        VALUES (${supportId}::uuid, ${tenantId}, 'proposal', ${old}::uuid, ${emailHash(tenantId, supporter)}, ${supporter}, 'en',
                'confirmed', now() - interval '100 days', now() - interval '100 days')`.execute(database.db);

      // the old proposal and the returned one decided 91 days ago; the returned one's edit link still works
      await sql`UPDATE proposal SET decided_at = now() - interval '91 days', updated_at = now() - interval '91 days'
        WHERE id IN (${old}::uuid, ${returned}::uuid)`.execute(database.db);
      const before = {
        old: await rowOf('proposal', old),
        returned: await rowOf('proposal', returned),
        recent: await rowOf('proposal', recent),
        need: await rowOf('need', needId),
        support: await rowOf('support', supportId),
      };
      expect(before.old?.email).toBe(oldEmail);

      const done = await purgeParticipation(database.db, new Date(), 90);
      expect(done.email_cleared).toEqual({ proposal: 1, need: 1, support: 1 });

      const cleared = (row: Record<string, unknown> | undefined, domain?: string) => ({
        ...row,
        email: null,
        ...(domain ? { email_domain: domain } : {}),
      });
      expect(await rowOf('proposal', old)).toEqual(cleared(before.old, 'example.org'));
      expect(await rowOf('need', needId)).toEqual(cleared(before.need, 'example.net'));
      expect(await rowOf('support', supportId)).toEqual(cleared(before.support));
      expect(await rowOf('proposal', returned)).toEqual(before.returned);
      expect(await rowOf('proposal', recent)).toEqual(before.recent);
      // a second run has nothing left to clear
      expect((await purgeParticipation(database.db, new Date(), 90)).email_cleared).toEqual({
        proposal: 0,
        need: 0,
        support: 0,
      });

      // the hash still holds: the same address cannot support the same proposal again
      const again = await post('/api/supports', {
        target_type: 'proposal',
        target_id: old,
        email: supporter,
        language: 'en',
        website: '',
      });
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_supported');

      // moderators still see the domain; a later decision mails nobody
      expect((await queued(old, 'published')).email_domain).toBe('example.org');
      const seen = smtp.mails.length;
      expect((await decide(old, 'published', { action: 'reject', reason: 'Closed for good.' })).status).toBe(
        'rejected',
      );
      // (the next mail to arrive is the one of a later proposal, not a decision to the cleared address)
      const later = `later-${kind}@example.org`;
      await proposeAndConfirm('A later idea', later);
      expect(recipients(await smtp.next(seen))).toContain(later);
      // …while the returned proposal, once its edit link has expired, loses its address too
      await sql`UPDATE participation_token SET expires_at = now() - interval '1 minute'
        WHERE target_id = ${returned}::uuid AND purpose = 'edit'`.execute(database.db);
      expect((await purgeParticipation(database.db, new Date(), 90)).email_cleared.proposal).toBe(1);
      expect((await rowOf('proposal', returned))?.email).toBeNull();
    });
  });
}
