/**
 * The back office's admin APIs on both databases: organisations (GET/POST/PATCH), users and
 * roles (list, invite with a mailed or copyable sign-in link, remove a role, disable/enable,
 * never the last admin), tenant settings (GET/PUT, the tenant cache, digests on the tenant's own
 * weekday and hour). Who may call: admins of the tenant; editor, moderator, planner and block
 * connector 403; anonymous 401; an admin of another tenant neither sees nor changes anything
 * here. Every change is in the audit log with its previous and new value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { runDigests } from '../../server/subscriptions/digest.ts';
import type { Mailer } from '../../server/subscriptions/mailer.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, cookieFrom, type Signed, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { addOtherTenant } from '../support/other-tenant.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.town.example';

interface Org {
  id: string;
  slug: string;
  name: string;
  contact: string | null;
  archived: boolean;
  editors: { email: string; membership_id: string; account_id: string }[];
}
interface User {
  id: string;
  email: string;
  disabled: boolean;
  memberships: {
    id: string;
    role: string;
    organisation: { slug: string } | null;
    area: { id: string } | null;
  }[];
}
interface Invite {
  user: User;
  account_created: boolean;
  membership_created: boolean;
  mail: { sent: boolean; reason: string | null };
  link: { url: string; expires_at: string } | null;
}
interface Entry {
  action: string;
  entity_type: string;
  entity_id: string | null;
  previous: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
}
interface Problem {
  error: { code: string; message: string };
}

for (const kind of databaseKinds()) {
  describe(`back office: organisations, users, settings [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    /** mail on (the suite's SMTP server) */
    let app: ReturnType<typeof createApp>;
    /** the same database with mail off */
    let quiet: ReturnType<typeof createApp>;
    const s: Record<string, Signed> = {};
    let areaId = '';

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      const make = (env: Record<string, string>) =>
        createApp({
          db: database.db,
          databaseKind: database.kind,
          config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF, PUBLIC_URL, ...env }),
          tenants: new TenantResolver(database.db, undefined),
          log: createLogger('silent'),
        });
      app = make({ SMTP_URL: smtp.url });
      quiet = make({});
      await addOtherTenant(database.db, { admin: 'other-admin@example.org' });
      const area = await database.db
        .selectFrom('area')
        .innerJoin('tenant', 'tenant.id', 'area.tenant_id')
        .select('area.id')
        .where('tenant.slug', '=', 'lindmere')
        .where('area.kind', '=', 'neighbourhood')
        .orderBy('area.name')
        .executeTakeFirstOrThrow();
      areaId = area.id;
      await addUser(database.db, { tenant: 'lindmere', email: 'admin@example.org', role: 'admin' });
      await addUser(database.db, {
        tenant: 'lindmere',
        email: 'editor@example.org',
        role: 'editor',
        organisation: 'green-hands',
      });
      await addUser(database.db, { tenant: 'lindmere', email: 'moderator@example.org', role: 'moderator' });
      await addUser(database.db, { tenant: 'lindmere', email: 'planner@example.org', role: 'planner' });
      await addUser(database.db, {
        tenant: 'lindmere',
        email: 'connector@example.org',
        role: 'block_connector',
        area: areaId,
      });
      await addUser(database.db, { tenant: 'otherton', email: 'other-only@example.org', role: 'planner' });
      for (const who of ['admin', 'editor', 'moderator', 'planner', 'connector'])
        s[who] = await signIn(app, `${who}@example.org`, undefined, { tenant: 'lindmere' });
      s.other = await signIn(app, 'other-admin@example.org', undefined, { tenant: 'otherton' });
    });
    afterAll(async () => {
      await smtp?.close();
      await database?.close();
    });

    const call = (method: string, path: string, who?: Signed, body?: unknown, via = app) =>
      via.request(path, {
        method,
        headers: who
          ? method === 'GET'
            ? { cookie: who.cookie }
            : who.write
          : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const ok = async <T>(res: Response, status = 200): Promise<T> => {
      const text = await res.text();
      expect(res.status, text).toBe(status);
      return JSON.parse(text) as T;
    };
    const audit = async (entity: string, id: string) =>
      (
        await ok<{ items: Entry[] }>(
          await call('GET', `/api/admin/audit?tenant=lindmere&entity=${entity}&id=${id}`, s.admin),
        )
      ).items;
    const settingsBody = {
      names: { en: 'Lindmere', fr: 'Lindmère', he: 'לינדמיר' },
      locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'],
      default_locale: 'en',
      timezone: 'Europe/Warsaw',
      home: { center: [-123.1, 49.26], zoom: 13 },
      contact_email: 'info@lindmere.example',
      digest: { weekday: 5, hour: 9 },
    };

    it('admits admins only: 401 anonymous, 403 for the other roles and for an admin of another tenant', async () => {
      const org = await ok<{ items: Org[] }>(
        await call('GET', '/api/admin/organisations?tenant=lindmere', s.admin),
      );
      const green = org.items.find((o) => o.slug === 'green-hands') as Org;
      const users = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      const planner = users.items.find((u) => u.email === 'planner@example.org') as User;
      const m = planner.memberships[0]?.id as string;
      const endpoints: [string, string, unknown?][] = [
        ['GET', '/api/admin/organisations'],
        ['POST', '/api/admin/organisations', { slug: 'nope', name: 'Nope' }],
        ['PATCH', `/api/admin/organisations/${green.id}`, { name: 'Taken over' }],
        ['GET', '/api/admin/users'],
        ['POST', '/api/admin/users', { email: 'intruder@example.org', role: 'admin' }],
        ['DELETE', `/api/admin/users/${planner.id}/memberships/${m}`],
        ['POST', `/api/admin/users/${planner.id}/disable`],
        ['POST', `/api/admin/users/${planner.id}/enable`],
        ['GET', '/api/admin/settings'],
        ['PUT', '/api/admin/settings', settingsBody],
      ];
      for (const [method, path, body] of endpoints) {
        const here = `${path}?tenant=lindmere`;
        expect((await call(method, here, undefined, body)).status, `${method} ${path} anonymous`).toBe(401);
        for (const who of ['editor', 'moderator', 'planner', 'connector']) {
          const res = await call(method, here, s[who], body);
          expect(res.status, `${method} ${path} as ${who}`).toBe(403);
          expect(((await res.json()) as Problem).error.code).toBe('forbidden');
        }
        expect(
          (await call(method, here, s.other, body)).status,
          `${method} ${path} as admin of otherton`,
        ).toBe(403);
      }
      // nothing changed on the way
      const after = await ok<{ items: Org[] }>(
        await call('GET', '/api/admin/organisations?tenant=lindmere', s.admin),
      );
      expect(after.items.find((o) => o.id === green.id)?.name).toBe('green-hands');
      expect(after.items.some((o) => o.slug === 'nope')).toBe(false);
      const stillPlanner = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      expect(stillPlanner.items.find((u) => u.email === 'planner@example.org')?.memberships).toHaveLength(1);
      expect(stillPlanner.items.some((u) => u.email === 'intruder@example.org')).toBe(false);
      // a state change of a session without its CSRF token is refused
      const noCsrf = await app.request('/api/admin/organisations?tenant=lindmere', {
        method: 'POST',
        headers: { cookie: s.admin?.cookie as string, 'content-type': 'application/json' },
        body: JSON.stringify({ slug: 'no-csrf', name: 'No CSRF' }),
      });
      expect(noCsrf.status).toBe(403);
      expect(((await noCsrf.json()) as Problem).error.code).toBe('csrf_failed');
    });

    it('adds, renames, archives and restores organisations, each change audited; bad input is a 400 naming the field', async () => {
      const created = await ok<Org>(
        await call('POST', '/api/admin/organisations?tenant=lindmere', s.admin, {
          slug: 'river-friends',
          name: 'Friends of the River',
          contact: 'river@example.org',
        }),
        201,
      );
      expect(created).toMatchObject({
        slug: 'river-friends',
        name: 'Friends of the River',
        contact: 'river@example.org',
        archived: false,
        editors: [],
      });
      const dup = await call('POST', '/api/admin/organisations?tenant=lindmere', s.admin, {
        slug: 'river-friends',
        name: 'Again',
      });
      expect(dup.status).toBe(409);
      expect(((await dup.json()) as Problem).error.message).toMatch(/^slug: /);
      for (const [body, field] of [
        [{ slug: 'Not A Slug', name: 'X' }, 'slug'],
        [{ slug: 'ok-slug', name: '' }, 'name'],
        [{ slug: 'ok-slug', name: 'X', contact: 'a'.repeat(301) }, 'contact'],
        [{ slug: 'ok-slug', name: 'X', colour: 'red' }, 'colour'],
      ] as const) {
        const res = await call('POST', '/api/admin/organisations?tenant=lindmere', s.admin, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(((await res.json()) as Problem).error.message).toContain(field);
      }
      const renamed = await ok<Org>(
        await call('PATCH', `/api/admin/organisations/${created.id}?tenant=lindmere`, s.admin, {
          name: 'River Friends',
          contact: null,
        }),
      );
      expect(renamed).toMatchObject({ name: 'River Friends', contact: null, slug: 'river-friends' });
      const archived = await ok<Org>(
        await call('PATCH', `/api/admin/organisations/${created.id}?tenant=lindmere`, s.admin, {
          archived: true,
        }),
      );
      expect(archived.archived).toBe(true);
      // an archived organisation takes no new editor
      const refused = await call('POST', '/api/admin/users?tenant=lindmere', s.admin, {
        email: 'late@example.org',
        role: 'editor',
        organisation: 'river-friends',
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as Problem).error.message).toMatch(/^organisation: .*archived/);
      await ok<Org>(
        await call('PATCH', `/api/admin/organisations/${created.id}?tenant=lindmere`, s.admin, {
          archived: false,
        }),
      );
      const taken = await call('PATCH', `/api/admin/organisations/${created.id}?tenant=lindmere`, s.admin, {
        slug: 'green-hands',
      });
      expect(taken.status).toBe(409);
      const empty = await call(
        'PATCH',
        `/api/admin/organisations/${created.id}?tenant=lindmere`,
        s.admin,
        {},
      );
      expect(empty.status).toBe(400);

      const entries = await audit('organisation', created.id);
      expect(entries.map((e) => e.action)).toEqual([
        'organisation.restore',
        'organisation.archive',
        'organisation.update',
        'organisation.create',
      ]);
      const update = entries[2] as Entry;
      expect(update.previous).toMatchObject({ name: 'Friends of the River', contact: 'river@example.org' });
      expect(update.new).toMatchObject({ name: 'River Friends', contact: null });

      // another tenant's admin: does not see it, cannot change it (404 in their own tenant)
      const theirs = await ok<{ items: Org[] }>(
        await call('GET', '/api/admin/organisations?tenant=otherton', s.other),
      );
      expect(theirs.items.some((o) => o.id === created.id)).toBe(false);
      const hijack = await call('PATCH', `/api/admin/organisations/${created.id}?tenant=otherton`, s.other, {
        name: 'Mine now',
      });
      expect(hijack.status).toBe(404);
      const row = await database.db
        .selectFrom('organisation')
        .select('name')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.name).toBe('River Friends');
    });

    it('invites an editor: account created, role added, a sign-in link mailed that signs them in', async () => {
      const before = smtp.mails.length;
      const r = await ok<Invite>(
        await call('POST', '/api/admin/users?tenant=lindmere', s.admin, {
          email: 'New.Editor@example.org',
          role: 'editor',
          organisation: 'river-friends',
          language: 'he',
        }),
      );
      expect(r).toMatchObject({
        account_created: true,
        membership_created: true,
        mail: { sent: true, reason: null },
        link: null,
      });
      expect(r.user.memberships).toEqual([
        expect.objectContaining({
          role: 'editor',
          organisation: expect.objectContaining({ slug: 'river-friends' }),
        }),
      ]);
      const mail = await smtp.next(before);
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('New.Editor@example.org');
      expect(mail.subject).toMatch(/[\u0590-\u05FF]/);
      const link = /https:\/\/map\.town\.example\/admin\/sign-in\/link\?token=([A-Za-z0-9_-]{43})/.exec(
        mail.text ?? '',
      );
      expect(link, mail.text).not.toBeNull();
      expect(mail.html).toContain('dir="rtl"');
      const signedIn = await app.request('/api/auth/sign-in-link/consume', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: link?.[1] }),
      });
      expect(signedIn.status).toBe(200);
      expect(cookieFrom(signedIn)).toBeDefined();
      const orgs = await ok<{ items: Org[] }>(
        await call('GET', '/api/admin/organisations?tenant=lindmere', s.admin),
      );
      expect(orgs.items.find((o) => o.slug === 'river-friends')?.editors.map((e) => e.email)).toEqual([
        'New.Editor@example.org',
      ]);
      const entries = await audit('account', r.user.id);
      expect(entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(['account.create', 'auth.sign_in_link_issued']),
      );
      const membership = await audit('membership', r.user.memberships[0]?.id as string);
      expect(membership[0]).toMatchObject({
        action: 'membership.add',
        previous: null,
        new: expect.objectContaining({ role: 'editor', organisation: 'river-friends' }),
      });
    });

    it('with mail off, answers the link to copy; bad invitations are 400s naming the field', async () => {
      const r = await ok<Invite>(
        await call(
          'POST',
          '/api/admin/users?tenant=lindmere',
          s.admin,
          { email: 'moderator2@example.org', role: 'moderator' },
          quiet,
        ),
      );
      expect(r.mail).toEqual({ sent: false, reason: 'mail_off' });
      expect(r.link?.url).toMatch(
        /^https:\/\/map\.town\.example\/admin\/sign-in\/link\?token=[A-Za-z0-9_-]{43}$/,
      );
      const again = await ok<Invite>(
        await call(
          'POST',
          '/api/admin/users?tenant=lindmere',
          s.admin,
          { email: 'MODERATOR2@example.org', role: 'moderator' },
          quiet,
        ),
      );
      expect(again).toMatchObject({ account_created: false, membership_created: false });
      const connector = await ok<Invite>(
        await call(
          'POST',
          '/api/admin/users?tenant=lindmere',
          s.admin,
          { email: 'steward@example.org', role: 'block_connector', area: areaId },
          quiet,
        ),
      );
      expect(connector.user.memberships[0]?.area?.id).toBe(areaId);
      for (const [body, field] of [
        [{ email: 'not-an-address', role: 'planner' }, 'email'],
        [{ email: 'x@example.org', role: 'mayor' }, 'role'],
        [{ email: 'x@example.org', role: 'editor' }, 'organisation'],
        [{ email: 'x@example.org', role: 'editor', organisation: 'no-such-org' }, 'organisation'],
        [{ email: 'x@example.org', role: 'planner', organisation: 'green-hands' }, 'organisation'],
        [{ email: 'x@example.org', role: 'block_connector' }, 'area'],
        [
          { email: 'x@example.org', role: 'block_connector', area: '00000000-0000-4000-8000-000000000000' },
          'area',
        ],
        [{ email: 'x@example.org', role: 'planner', language: 'de' }, 'language'],
      ] as const) {
        const res = await call('POST', '/api/admin/users?tenant=lindmere', s.admin, body, quiet);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(((await res.json()) as Problem).error.message, JSON.stringify(body)).toMatch(
          new RegExp(`^${field}`),
        );
      }
      const none = await database.db
        .selectFrom('account')
        .select('id')
        .where('email', '=', 'x@example.org')
        .execute();
      expect(none).toEqual([]);
    });

    it("lists the tenant's accounts only; another tenant's admin neither sees nor touches them", async () => {
      const users = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      const emails = users.items.map((u) => u.email);
      expect(emails).toEqual(
        expect.arrayContaining(['admin@example.org', 'editor@example.org', 'New.Editor@example.org']),
      );
      expect(emails).not.toContain('other-only@example.org');
      expect(emails).not.toContain('other-admin@example.org');
      const theirs = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=otherton', s.other),
      );
      expect(theirs.items.map((u) => u.email).sort()).toEqual([
        'other-admin@example.org',
        'other-only@example.org',
      ]);
      const editor = users.items.find((u) => u.email === 'editor@example.org') as User;
      const m = editor.memberships[0]?.id as string;
      expect(
        (await call('DELETE', `/api/admin/users/${editor.id}/memberships/${m}?tenant=otherton`, s.other))
          .status,
      ).toBe(404);
      expect(
        (await call('POST', `/api/admin/users/${editor.id}/disable?tenant=otherton`, s.other)).status,
      ).toBe(404);
      // and the admin here cannot reach an account that holds no role here
      const otherOnly = await database.db
        .selectFrom('account')
        .select('id')
        .where('email', '=', 'other-only@example.org')
        .executeTakeFirstOrThrow();
      expect(
        (await call('POST', `/api/admin/users/${otherOnly.id}/disable?tenant=lindmere`, s.admin)).status,
      ).toBe(404);
      const still = await database.db
        .selectFrom('account')
        .select('disabled_at')
        .where('email', '=', 'editor@example.org')
        .executeTakeFirstOrThrow();
      expect(still.disabled_at).toBeNull();
    });

    it('disables and enables an account (signed out, audited); an account shared with another tenant is 409', async () => {
      const users = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      const moderator = users.items.find((u) => u.email === 'moderator@example.org') as User;
      const disabled = await ok<User>(
        await call('POST', `/api/admin/users/${moderator.id}/disable?tenant=lindmere`, s.admin),
      );
      expect(disabled.disabled).toBe(true);
      expect(
        (await app.request('/api/auth/me', { headers: { cookie: s.moderator?.cookie as string } })).status,
      ).toBe(401);
      const enabled = await ok<User>(
        await call('POST', `/api/admin/users/${moderator.id}/enable?tenant=lindmere`, s.admin),
      );
      expect(enabled.disabled).toBe(false);
      const entries = await audit('account', moderator.id);
      expect(entries.slice(0, 2).map((e) => [e.action, e.previous, e.new])).toEqual([
        [
          'account.enable',
          { email: 'moderator@example.org', disabled: true },
          { email: 'moderator@example.org', disabled: false },
        ],
        [
          'account.disable',
          { email: 'moderator@example.org', disabled: false },
          { email: 'moderator@example.org', disabled: true },
        ],
      ]);
      s.moderator = await signIn(app, 'moderator@example.org', undefined, { tenant: 'lindmere' });
      await addUser(database.db, { tenant: 'otherton', email: 'planner@example.org', role: 'planner' });
      const planner = users.items.find((u) => u.email === 'planner@example.org') as User;
      const shared = await call('POST', `/api/admin/users/${planner.id}/disable?tenant=lindmere`, s.admin);
      expect(shared.status).toBe(409);
      expect(((await shared.json()) as Problem).error.message).toMatch(/holds roles elsewhere/);
    });

    it("never removes or disables the tenant's last admin (409); a second admin can be removed", async () => {
      const users = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      const admin = users.items.find((u) => u.email === 'admin@example.org') as User;
      const own = admin.memberships.find((m) => m.role === 'admin')?.id as string;
      const last = await call(
        'DELETE',
        `/api/admin/users/${admin.id}/memberships/${own}?tenant=lindmere`,
        s.admin,
      );
      expect(last.status).toBe(409);
      expect(((await last.json()) as Problem).error.message).toMatch(/last administrator/);
      expect(
        (await call('POST', `/api/admin/users/${admin.id}/disable?tenant=lindmere`, s.admin)).status,
      ).toBe(409);
      const second = await ok<Invite>(
        await call(
          'POST',
          '/api/admin/users?tenant=lindmere',
          s.admin,
          { email: 'second-admin@example.org', role: 'admin' },
          quiet,
        ),
      );
      const secondMembership = second.user.memberships[0]?.id as string;
      // with a second admin (enabled), the last-admin rule no longer holds the first one…
      // …but a disabled second admin does not count
      await ok<User>(
        await call('POST', `/api/admin/users/${second.user.id}/disable?tenant=lindmere`, s.admin),
      );
      expect(
        (await call('DELETE', `/api/admin/users/${admin.id}/memberships/${own}?tenant=lindmere`, s.admin))
          .status,
      ).toBe(409);
      await ok<User>(
        await call('POST', `/api/admin/users/${second.user.id}/enable?tenant=lindmere`, s.admin),
      );
      const removed = await ok<User>(
        await call(
          'DELETE',
          `/api/admin/users/${second.user.id}/memberships/${secondMembership}?tenant=lindmere`,
          s.admin,
        ),
      );
      expect(removed.memberships).toEqual([]);
      const entry = (await audit('membership', secondMembership))[0] as Entry;
      expect(entry).toMatchObject({
        action: 'membership.remove',
        new: null,
        previous: expect.objectContaining({ role: 'admin', email: 'second-admin@example.org' }),
      });
      // gone from the tenant's list, and no longer reachable by this tenant's admin
      const after = await ok<{ items: User[] }>(
        await call('GET', '/api/admin/users?tenant=lindmere', s.admin),
      );
      expect(after.items.some((u) => u.email === 'second-admin@example.org')).toBe(false);
      expect(
        (
          await call(
            'DELETE',
            `/api/admin/users/${second.user.id}/memberships/${secondMembership}?tenant=lindmere`,
            s.admin,
          )
        ).status,
      ).toBe(404);
    });

    it('reads and changes the settings: 400 naming the field, audited, seen at once by /api/config', async () => {
      const before = await ok<typeof settingsBody & { digest_default: { weekday: number; hour: number } }>(
        await call('GET', '/api/admin/settings?tenant=lindmere', s.admin),
      );
      expect(before.digest).toEqual({ weekday: null, hour: null });
      expect(before.digest_default).toEqual({ weekday: 1, hour: 7 });
      // the tenant resolver has cached the tenant by now
      expect(
        ((await (await app.request('/api/config?tenant=lindmere')).json()) as { tenant: { name: string } })
          .tenant.name,
      ).not.toBe('Lindmere Renamed');
      for (const [patch, field] of [
        [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
        [{ timezone: '+02:00' }, 'timezone'],
        [{ default_locale: 'de' }, 'default_locale'],
        [{ locales: ['en'], default_locale: 'fr' }, 'default_locale'],
        [{ locales: [] }, 'locales'],
        [{ names: { fr: 'Lindmère' } }, 'names.en'],
        [{ home: { center: [200, 10], zoom: 3 } }, 'home.center'],
        [{ home: { center: [10, 10], zoom: 40 } }, 'home.zoom'],
        [{ contact_email: 'nobody' }, 'contact_email'],
        [{ digest: { weekday: 8, hour: 7 } }, 'digest.weekday'],
        [{ digest: { weekday: 1, hour: 24 } }, 'digest.hour'],
      ] as const) {
        const res = await call('PUT', '/api/admin/settings?tenant=lindmere', s.admin, {
          ...settingsBody,
          ...patch,
        });
        expect(res.status, JSON.stringify(patch)).toBe(400);
        expect(((await res.json()) as Problem).error.message, JSON.stringify(patch)).toContain(field);
      }
      const saved = await ok<typeof settingsBody>(
        await call('PUT', '/api/admin/settings?tenant=lindmere', s.admin, {
          ...settingsBody,
          names: { ...settingsBody.names, en: 'Lindmere Renamed' },
        }),
      );
      expect(saved).toMatchObject({
        timezone: 'Europe/Warsaw',
        contact_email: 'info@lindmere.example',
        digest: { weekday: 5, hour: 9 },
      });
      const config = (await (await app.request('/api/config?tenant=lindmere&lang=en')).json()) as {
        tenant: { name: string; timezone: string };
      };
      expect(config.tenant).toMatchObject({ name: 'Lindmere Renamed', timezone: 'Europe/Warsaw' });
      const tenantId = (
        await database.db
          .selectFrom('tenant')
          .select('id')
          .where('slug', '=', 'lindmere')
          .executeTakeFirstOrThrow()
      ).id;
      const entry = (await audit('tenant', String(tenantId))).find(
        (e) => e.action === 'tenant.settings',
      ) as Entry;
      expect(entry.previous).toMatchObject({
        timezone: before.timezone,
        contact_email: null,
        digest: { weekday: null, hour: null },
      });
      expect(entry.new).toMatchObject({
        timezone: 'Europe/Warsaw',
        contact_email: 'info@lindmere.example',
        digest: { weekday: 5, hour: 9 },
      });
      // another tenant's admin sees their own settings, not these
      const theirs = await ok<{ slug: string; names: Record<string, string> }>(
        await call('GET', '/api/admin/settings?tenant=otherton', s.other),
      );
      expect(theirs).toMatchObject({ slug: 'otherton', names: { en: 'Otherton' } });
    });

    it('asks "who am I?" without a session quietly: no warning per back-office load, one for the admin API', async () => {
      const lines: { level: number; msg: string; path?: string }[] = [];
      const logged = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'warn', ...RATE_LIMITS_OFF }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('warn', {
          format: 'json',
          destination: { write: (l: string) => lines.push(JSON.parse(l)) },
        }),
      });
      expect((await logged.request('/api/auth/me')).status).toBe(401);
      expect(lines.filter((l) => l.msg === 'admin authentication failed')).toEqual([]);
      expect((await logged.request('/api/admin/users?tenant=lindmere')).status).toBe(401);
      expect(lines.filter((l) => l.msg === 'admin authentication failed').map((l) => l.path)).toEqual([
        '/api/admin/users',
      ]);
    });

    it("sends digests on the tenant's own weekday and hour when set, else on the install's", async () => {
      const tenant = await database.db
        .selectFrom('tenant')
        .select(['id', 'timezone'])
        .where('slug', '=', 'lindmere')
        .executeTakeFirstOrThrow();
      // a time whose wall clock there is hh:45; the daily slot of hour hh is 45 minutes before it
      const now = Date.parse('2026-03-11T12:45:00Z');
      const wallHour = Number(
        new Intl.DateTimeFormat('en-GB', {
          timeZone: tenant.timezone,
          hour: '2-digit',
          hourCycle: 'h23',
        }).format(now),
      );
      await database.db
        .insertInto('subscription')
        .values({
          id: '11111111-2222-4333-8444-555555555555',
          tenant_id: tenant.id,
          email: 'digest-reader@example.org',
          language: 'en',
          frequency: 'daily',
          filters: JSON.stringify({}),
          confirmed_at: new Date(now - 50 * 60_000),
          last_sent_at: null,
          covered_until: null,
        })
        .execute();
      const due: string[] = [];
      const mailer: Mailer = { send: async (m) => void due.push(m.to), close: () => undefined };
      const run = (hour: number | null) => async () => {
        await database.db
          .updateTable('tenant_setting')
          .set({ digest_hour: hour })
          .where('tenant_id', '=', tenant.id)
          .execute();
        const config = loadConfig({ LOG_LEVEL: 'silent', DIGEST_HOUR: String((wallHour + 12) % 24) });
        return runDigests(database.db, { config, mailer, log: createLogger('silent'), now });
      };
      // the install's hour: its last slot was 12 hours ago, before the subscription was confirmed
      const installs = await run(null)();
      expect(installs.sent + installs.nothingNew).toBe(0);
      // the tenant's own hour: its slot was 45 minutes ago, after the confirmation
      const own = await run(wallHour)();
      expect(own.sent + own.nothingNew).toBe(1);
    });
  });
}
