/**
 * Personal API tokens (scoped to a tenant and a role, shown once, hashed, revocable), the
 * deprecated ADMIN_TOKEN (Deprecation header, one warning per start), roles per tenant at the
 * routes, the query helpers that put the tenant and an editor's organisations into the WHERE,
 * and the audit log (entries for the changes, per entity and period, CSV escaped). Both databases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/accounts/authorize.ts';
import { inTenant, writableBy } from '../../server/accounts/scope.ts';
import { createApp } from '../../server/app.ts';
import { recordAudit } from '../../server/audit/record.ts';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { addOtherTenant } from '../support/other-tenant.ts';

const ADMIN_TOKEN = 'the-old-shared-admin-token';
const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);

interface Entry {
  id: number;
  action: string;
  entity_type: string;
  entity_id: string | null;
  actor: { kind: string; label: string | null };
  previous: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  summary: string;
}

for (const kind of databaseKinds()) {
  describe(`API tokens, roles and audit [${kind}]`, () => {
    let database: TestDatabase;
    let app: ReturnType<typeof createApp>;
    const logLines: string[] = [];
    const json = { 'content-type': 'application/json' };
    let otherTenant: number;

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'warn', ...RATE_LIMITS_OFF, ADMIN_TOKEN }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('warn', { format: 'json', destination: { write: (l: string) => logLines.push(l) } }),
      });
      otherTenant = (await addOtherTenant(database.db, { admin: 'other-admin@example.org' })).id;
      await addUser(database.db, { tenant: 'lindmere', email: 'admin@example.org', role: 'admin' });
      await addUser(database.db, { tenant: 'lindmere', email: 'planner@example.org', role: 'planner' });
      await addUser(database.db, { tenant: 'lindmere', email: 'editor-a@example.org', role: 'editor', organisation: 'green-hands' });
      await addUser(database.db, { tenant: 'lindmere', email: 'editor-b@example.org', role: 'editor', organisation: 'river-friends' });
    });
    afterAll(async () => {
      await database?.close();
    });

    const putKiosk = (slug: string, headers: Record<string, string>, tenant = '') =>
      app.request(`/api/admin/kiosks/${slug}${tenant ? `?tenant=${tenant}` : ''}`, {
        method: 'PUT',
        headers: { ...json, ...headers },
        body: JSON.stringify({ centre: 'kestrel-rise-community-centre', idle_seconds: 60 }),
      });
    const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
    const makeToken = async (s: { write: Record<string, string> }, body: unknown) =>
      app.request('/api/auth/tokens', { method: 'POST', headers: s.write, body: JSON.stringify(body) });

    it('makes a token shown once, stored hashed, that works without CSRF, and is revoked for good', async () => {
      const s = await signIn(app, 'admin@example.org');
      const res = await makeToken(s, { name: 'nightly import', role: 'admin' });
      expect(res.status).toBe(201);
      const made = (await res.json()) as { id: string; token: string; tenant: string; role: string };
      expect(made).toMatchObject({ tenant: 'lindmere', role: 'admin' });
      expect(made.token).toMatch(/^cmt_[A-Za-z0-9_-]{43}$/);
      const stored = await database.db.selectFrom('api_token').select('hash').where('id', '=', made.id).executeTakeFirstOrThrow();
      expect(stored.hash).not.toContain(made.token.slice(4));
      const list = (await (await app.request('/api/auth/tokens', { headers: { cookie: s.cookie } })).json()) as Record<string, unknown>[];
      expect(list.map((t) => t.name)).toEqual(['nightly import']);
      expect(JSON.stringify(list)).not.toContain(made.token);

      expect((await putKiosk('token-lobby', bearer(made.token))).status).toBe(200);
      const who = (await (await app.request('/api/auth/me', { headers: bearer(made.token) })).json()) as { via: string; csrf_token: unknown };
      expect(who).toMatchObject({ via: 'token', csrf_token: null });
      // a token cannot make tokens
      expect(
        (await app.request('/api/auth/tokens', { method: 'POST', headers: { ...json, ...bearer(made.token) }, body: '{"name":"x","role":"admin"}' }))
          .status,
      ).toBe(403);
      // revoking needs the session's CSRF token, then the token is dead
      expect((await app.request(`/api/auth/tokens/${made.id}`, { method: 'DELETE', headers: { cookie: s.cookie } })).status).toBe(403);
      expect((await app.request(`/api/auth/tokens/${made.id}`, { method: 'DELETE', headers: s.write })).status).toBe(204);
      expect((await app.request(`/api/auth/tokens/${made.id}`, { method: 'DELETE', headers: s.write })).status).toBe(404);
      expect((await putKiosk('token-lobby', bearer(made.token))).status).toBe(401);
      expect((await putKiosk('token-lobby', bearer(`cmt_${'x'.repeat(43)}`))).status).toBe(401);
    });

    it('scopes a token to its tenant and its one role', async () => {
      const admin = await signIn(app, 'admin@example.org');
      const planner = await signIn(app, 'planner@example.org');
      // only roles one holds
      const refused = await makeToken(planner, { name: 'try', role: 'admin' });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/role admin.*you have planner/);
      expect((await makeToken(planner, { name: 'bad', role: 'owner' })).status).toBe(400);
      const p = (await (await makeToken(planner, { name: 'recompute', role: 'planner' })).json()) as { token: string };
      // a planner token may not configure kiosks; an admin's planner-role token neither
      expect((await putKiosk('scoped', bearer(p.token))).status).toBe(403);
      const adminAsPlanner = await makeToken(admin, { name: 'as planner', role: 'planner' });
      expect(adminAsPlanner.status).toBe(403); // admin@ holds admin only, not planner
      const a = (await (await makeToken(admin, { name: 'lindmere only', role: 'admin' })).json()) as { token: string };
      // another tenant: refused, though the same route
      const elsewhere = await putKiosk('scoped', bearer(a.token), 'otherton');
      expect(elsewhere.status).toBe(403);
      expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toMatch(/tenant "otherton"/);
      // a session acts in its own tenant only
      expect((await putKiosk('scoped', admin.write, 'otherton')).status).toBe(403);
      const otherAdmin = await signIn(app, 'other-admin@example.org', undefined, { tenant: 'otherton' });
      expect((await putKiosk('scoped', otherAdmin.write)).status).toBe(403); // lindmere
      // signing in to a tenant where one has no role fails like a wrong password
      const wrongTenant = await app.request('/api/auth/sign-in?tenant=lindmere', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'other-admin@example.org', password: 'correct horse battery staple' }),
      });
      expect(wrongTenant.status).toBe(401);
    });

    it('lets planners and admins recompute, nobody else; editors are refused admin routes', async () => {
      const editor = await signIn(app, 'editor-a@example.org');
      const r = await app.request('/api/admin/analytics/recompute', { method: 'POST', headers: editor.write });
      expect(r.status).toBe(403);
      expect((await putKiosk('ed', editor.write)).status).toBe(403);
      expect((await app.request('/api/admin/audit', { headers: { cookie: editor.cookie } })).status).toBe(403);
      expect((await app.request('/api/admin/audit')).status).toBe(401);
    });

    it('keeps ADMIN_TOKEN working for one release: a Deprecation header on each answer, one warning per start', async () => {
      const before = logLines.length;
      for (let i = 0; i < 2; i++) {
        const res = await putKiosk('legacy', bearer(ADMIN_TOKEN));
        expect(res.status).toBe(200);
        expect(res.headers.get('deprecation')).toBe('@1796083200');
      }
      // and in any tenant, as before (otherton has no such kiosk: past the role check, a 404)
      const elsewhere = await app.request('/api/admin/kiosks/legacy?tenant=otherton', { method: 'DELETE', headers: bearer(ADMIN_TOKEN) });
      expect(elsewhere.status).toBe(404);
      const warnings = logLines.slice(before).filter((l) => l.includes('ADMIN_TOKEN is deprecated'));
      expect(warnings).toHaveLength(1);
      expect(logLines.join('\n')).not.toContain(ADMIN_TOKEN);
      expect((await app.request('/api/auth/me', { headers: bearer(ADMIN_TOKEN) })).status).toBe(200);
    });

    it('puts the tenant and an editor’s organisations into the WHERE of the statements', async () => {
      const orgs = await database.db.selectFrom('organisation').select(['id', 'slug']).execute();
      const green = orgs.find((o) => o.slug === 'green-hands')?.id as string;
      const river = orgs.find((o) => o.slug === 'river-friends')?.id as string;
      const lindmere = (await database.db.selectFrom('tenant').select('id').where('slug', '=', 'lindmere').executeTakeFirstOrThrow()).id;
      const places = await database.db.selectFrom('place').select('id').where('tenant_id', '=', lindmere).orderBy('id').limit(5).execute();
      await database.db.updateTable('place').set({ organisation_id: green }).where('id', 'in', places.slice(0, 3).map((p) => p.id)).execute();
      await database.db.updateTable('place').set({ organisation_id: river }).where('id', 'in', places.slice(3).map((p) => p.id)).execute();
      const actor = (roles: Actor['roles'], organisationIds: string[], tenantId = lindmere) => ({ tenantId, roles, organisationIds });
      const count = async (a: ReturnType<typeof actor>) =>
        Number(
          (await database.db.selectFrom('place').select((eb) => eb.fn.countAll().as('n')).where(writableBy(a)).executeTakeFirstOrThrow()).n,
        );
      const all = Number(
        (await database.db.selectFrom('place').select((eb) => eb.fn.countAll().as('n')).where('tenant_id', '=', lindmere).executeTakeFirstOrThrow()).n,
      );
      expect(await count(actor(['admin'], []))).toBe(all);
      expect(await count(actor(['editor'], [green]))).toBe(3);
      expect(await count(actor(['editor'], [green, river]))).toBe(5);
      expect(await count(actor(['editor'], []))).toBe(0);
      expect(await count(actor(['planner'], []))).toBe(0);
      expect(await count(actor(['admin'], [], otherTenant))).toBe(0);
      // an editor's update of another organisation's place changes nothing
      const theirs = places[4]?.id as string;
      const r = await database.db
        .updateTable('place')
        .set({ name: 'Hijacked' })
        .where('id', '=', theirs)
        .where(writableBy(actor(['editor'], [green])))
        .executeTakeFirst();
      expect(Number(r.numUpdatedRows)).toBe(0);
      // the compiled statements, for review
      const compiled = database.db.selectFrom('place as p').select('p.id').where(writableBy(actor(['editor'], [green]), 'p')).compile();
      expect(compiled.sql).toBe('select "p"."id" from "place" as "p" where ("p"."tenant_id" = $1 AND "p"."organisation_id" = ANY($2::uuid[]))');
      expect(compiled.parameters).toEqual([lindmere, [green]]);
      expect(database.db.selectFrom('kiosk').select('id').where(inTenant({ tenantId: 7 })).compile().sql).toBe(
        'select "id" from "kiosk" where "tenant_id" = $1',
      );
    });

    it('keeps a membership’s organisation in the same tenant (the database refuses otherwise)', async () => {
      const green = (await database.db.selectFrom('organisation').select('id').where('slug', '=', 'green-hands').executeTakeFirstOrThrow()).id;
      const account = (await database.db.selectFrom('account').select('id').where('email', '=', 'other-admin@example.org').executeTakeFirstOrThrow()).id;
      await expect(
        sql`INSERT INTO membership (id, account_id, tenant_id, role, organisation_id) VALUES (gen_random_uuid(), ${account}, ${otherTenant}, 'editor', ${green})`.execute(
          database.db,
        ),
      ).rejects.toThrow(/foreign key/);
      await expect(
        sql`INSERT INTO membership (id, account_id, tenant_id, role) VALUES (gen_random_uuid(), ${account}, ${otherTenant}, 'editor')`.execute(
          database.db,
        ),
      ).rejects.toThrow(/membership_editor_organisation/);
    });

    it('writes one audit entry per import, with its report', async () => {
      const mapping = JSON.parse(fs.readFileSync(FIX('generic-csv.json'), 'utf8')) as Record<string, unknown>;
      const report = await runImport(database.db, { format: 'csv', path: FIX('centres-good.csv'), tenant: 'lindmere', mapping });
      const rows = await database.db.selectFrom('audit_entry').selectAll().where('action', '=', 'import').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actor_kind: 'import', actor_label: 'npm run import', entity_type: 'import_run' });
      expect(rows[0]?.new).toMatchObject({ file: 'centres-good.csv', layers: report.layers, committed: true });
      expect(rows[0]?.summary).toMatch(/^Imported centres-good\.csv \(csv, source "test-centres"\): centres \+\d+/);
      // a rejected or dry-run import leaves none
      await runImport(database.db, { format: 'csv', path: FIX('centres-good.csv'), tenant: 'lindmere', mapping, dryRun: true });
      await runImport(database.db, { format: 'csv', path: FIX('centres-broken.csv'), tenant: 'lindmere', mapping }).catch(() => {});
      expect(await database.db.selectFrom('audit_entry').select('id').where('action', '=', 'import').execute()).toHaveLength(1);
    });

    it('browses the audit log per entity and period, paged, and exports it as CSV with formulas defused', async () => {
      const s = await signIn(app, 'admin@example.org');
      const get = async (q: string) => {
        const res = await app.request(`/api/admin/audit${q}`, { headers: { cookie: s.cookie } });
        return { status: res.status, body: (await res.json()) as { items: Entry[]; next: number | null; error?: { message: string } } };
      };
      const kiosk = await get('?entity=kiosk&id=legacy');
      expect(kiosk.status).toBe(200);
      expect(kiosk.body.items.map((e) => e.action)).toEqual(['kiosk.save', 'kiosk.save']);
      const [second, first] = kiosk.body.items as [Entry, Entry];
      expect(first.previous).toBeNull();
      expect(first.new).toMatchObject({ slug: 'legacy', idle_seconds: 60, configured: true });
      expect(second.previous).toMatchObject({ slug: 'legacy', idle_seconds: 60 });
      expect(first.actor).toMatchObject({ kind: 'admin_token', label: 'ADMIN_TOKEN' });
      // the other tenant's entries are not among them
      const all = await get('?limit=500');
      expect(all.body.items.every((e) => e.summary !== 'Kiosk /kiosk/legacy configured' || e.entity_id === 'legacy')).toBe(true);
      const otherton = (await database.db.selectFrom('audit_entry').select('id').where('tenant_id', '=', otherTenant).execute()).map((r) => r.id);
      expect(otherton.length).toBeGreaterThan(0);
      expect(all.body.items.some((e) => otherton.includes(e.id))).toBe(false);
      const tokens = await get('?entity=api_token');
      expect(new Set(tokens.body.items.map((e) => e.action))).toEqual(new Set(['token.create', 'token.revoke']));
      expect(JSON.stringify(tokens.body)).not.toMatch(/cmt_/);
      // pages
      const page1 = await get('?limit=2');
      expect(page1.body.items).toHaveLength(2);
      const page2 = await get(`?limit=2&before=${page1.body.next}`);
      expect((page2.body.items[0] as Entry).id).toBeLessThan((page1.body.items[1] as Entry).id);
      // periods
      expect((await get('?from=2000-01-01&to=2000-01-02')).body.items).toEqual([]);
      expect((await get(`?from=${new Date(Date.now() - 3_600_000).toISOString()}`)).body.items.length).toBeGreaterThan(3);
      for (const [q, msg] of [
        ['?from=yesterday', /from must be a date/],
        ['?id=x', /give entity too/],
        ['?entity=DROP%20TABLE', /entity must be an entity type/],
        ['?limit=100000', /limit must be at most 500/],
        ['?from=2026-02-01&to=2026-01-01', /before to/],
      ] as const) {
        const r = await get(q);
        expect(r.status, q).toBe(400);
        expect(r.body.error?.message, q).toMatch(msg);
      }

      const lindmere = (await database.db.selectFrom('tenant').select('id').where('slug', '=', 'lindmere').executeTakeFirstOrThrow()).id;
      await recordAudit(database.db, {
        tenantId: lindmere,
        actor: { kind: 'system', label: '@SUM(A1:A9)' },
        action: 'test.formula',
        entity: { type: 'place', id: '=HYPERLINK("http://evil.example/","click")' },
        next: { note: 'a "quoted", comma' },
        summary: '=1+2',
      });
      const csv = await app.request('/api/admin/audit.csv?entity=place', { headers: { cookie: s.cookie } });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(/audit-lindmere\.csv/);
      const text = await csv.text();
      const [head, row] = text.split('\r\n');
      expect(head).toBe('id,at,actor_kind,actor,action,entity_type,entity_id,summary,previous,new');
      expect(row).toContain(`,'@SUM(A1:A9),`);
      expect(row).toContain(`,"'=HYPERLINK(""http://evil.example/"",""click"")",`);
      expect(row).toContain(`,'=1+2,`);
      expect(row).toContain(`"{""note"":""a \\""quoted\\"", comma""}"`);
      expect(text).not.toMatch(/(^|,)=/m);
    });

    it('has the membership and account changes of `npm run user` in the log', async () => {
      const rows = await database.db.selectFrom('audit_entry').select(['action', 'actor_label', 'new']).where('actor_label', '=', 'npm run user').execute();
      const actions = rows.map((r) => r.action);
      expect(actions.filter((a) => a === 'account.create')).toHaveLength(5);
      expect(actions.filter((a) => a === 'membership.add')).toHaveLength(5);
      expect(actions.filter((a) => a === 'organisation.create')).toHaveLength(2);
      expect(JSON.stringify(rows)).not.toMatch(/argon2|password_hash/);
    });
  });
}
