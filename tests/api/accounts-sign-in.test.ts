/**
 * Sign-in end to end on both databases: passwords (the same answer for unknown and known
 * addresses, throttled per account and per client address), session cookies (flags, rotation,
 * idle and absolute expiry on an injected clock), CSRF, e-mailed one-time links through a real
 * SMTP server (single use, expiry), setting and changing the password.
 */
import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, cookieFrom, PASSWORD, signIn } from '../support/accounts.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

// the real argon2 verify, counted: a sign-in's cost is the hash it verifies, whatever the address
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

const PUBLIC_URL = 'https://map.example.org';
const START = Date.parse('2026-12-02T09:00:00Z');
const MIN = 60_000;

for (const kind of databaseKinds()) {
  describe(`sign-in [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let app: ReturnType<typeof createApp>;
    let now = START;
    const json = { 'content-type': 'application/json' };
    /** each request from its own client address unless told (the per-address throttle keys on it) */
    let client = 0;
    const from = (address?: string) => ({ 'x-forwarded-for': address ?? `198.51.100.${(client++ % 250) + 1}` });
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, { method: 'POST', headers: { ...json, ...from(), ...headers }, body: JSON.stringify(body) });
    const me = (cookie: string) => app.request('/api/auth/me', { headers: { cookie } });

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF, SMTP_URL: smtp.url, PUBLIC_URL, TRUST_PROXY: '1' }),
        tenants: new TenantResolver(database.db, undefined),
        log: createLogger('silent'),
        now: () => now,
      });
      await addUser(database.db, { tenant: 'lindmere', email: 'Ada@Example.org', role: 'admin' });
      await addUser(database.db, { tenant: 'lindmere', email: 'link-only@example.org', role: 'planner' }, null);
      await addUser(database.db, { tenant: 'lindmere', email: 'throttled@example.org', role: 'moderator' });
    });
    afterAll(async () => {
      await smtp?.close();
      await database?.close();
    });

    it('signs in with a session cookie that is HttpOnly, SameSite=Lax, Secure and __Host- over https', async () => {
      const res = await post('/api/auth/sign-in', { email: 'ada@example.org', password: PASSWORD });
      expect(res.status).toBe(200);
      const c = cookieFrom(res);
      expect(c?.name).toBe('__Host-cm_session');
      expect(c?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const attrs = (c?.attributes ?? '').split(';').map((a) => a.trim().toLowerCase());
      expect(attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'secure', 'path=/', 'max-age=43200']));
      expect(attrs.some((a) => a.startsWith('domain'))).toBe(false);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { account: { email: string }; memberships: { role: string }[]; csrf_token: string };
      expect(body.account.email).toBe('Ada@Example.org');
      expect(body.memberships).toEqual([{ tenant: 'lindmere', role: 'admin', organisation: null, area_id: null }]);
      expect(body.csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // the cookie is not stored in clear
      const stored = await database.db.selectFrom('session').select('id_hash').execute();
      expect(stored.map((s) => s.id_hash)).not.toContain(c?.value);
      const who = await me(`${c?.name}=${c?.value}`);
      expect(who.status).toBe(200);
      expect(((await who.json()) as { tenant: string }).tenant).toBe('lindmere');
    });

    it('answers unknown addresses and wrong passwords alike, each after verifying one argon2id hash', async () => {
      const verified = vi.mocked(verify);
      const attempt = async (email: string) => {
        verified.mockClear();
        const res = await post('/api/auth/sign-in', { email, password: 'not the password at all' });
        // not a quick exit for an unknown address: a dummy hash of the same parameters is verified
        expect(verified).toHaveBeenCalledTimes(1);
        expect(String(verified.mock.calls[0]?.[0])).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        return `${res.status} ${await res.text()}`;
      };
      const answers = new Set<string>();
      for (let i = 0; i < 3; i++) {
        answers.add(await attempt('ada@example.org'));
        answers.add(await attempt(`nobody-${i}@example.org`));
      }
      expect([...answers]).toEqual([
        '401 {"error":{"code":"sign_in_failed","message":"The e-mail address or the password is not right, or this account cannot sign in here","details":null}}',
      ]);
      // a failed sign-in of a known account is reset by a successful one (the next test starts clean)
      await signIn(app, 'ada@example.org', PASSWORD, { headers: from() });
    });

    it('rotates the session id at sign-in: the old cookie stops working', async () => {
      const first = await signIn(app, 'ada@example.org', PASSWORD, { headers: from() });
      const res = await post('/api/auth/sign-in', { email: 'ada@example.org', password: PASSWORD }, { cookie: first.cookie });
      const second = cookieFrom(res);
      expect(second?.value).toBeTruthy();
      expect(`${second?.name}=${second?.value}`).not.toBe(first.cookie);
      expect((await me(first.cookie)).status).toBe(401);
      expect((await me(`${second?.name}=${second?.value}`)).status).toBe(200);
    });

    it('ends a session after SESSION_IDLE_MINUTES without a request, and after SESSION_MAX_HOURS in any case', async () => {
      const idle = await signIn(app, 'ada@example.org', PASSWORD, { headers: from() });
      now += 59 * MIN;
      expect((await me(idle.cookie)).status).toBe(200);
      now += 59 * MIN; // idle since the last request for 59 minutes: still on
      expect((await me(idle.cookie)).status).toBe(200);
      now += 61 * MIN;
      expect((await me(idle.cookie)).status).toBe(401);

      const busy = await signIn(app, 'ada@example.org', PASSWORD, { headers: from() });
      const started = now;
      while (now < started + 12 * 60 * MIN - 30 * MIN) {
        now += 30 * MIN;
        expect((await me(busy.cookie)).status).toBe(200);
      }
      now = started + 12 * 60 * MIN;
      expect((await me(busy.cookie)).status).toBe(401);
      now += MIN;
    });

    it('refuses a state change of a session without its CSRF token (403), accepts it with', async () => {
      const s = await signIn(app, 'ada@example.org', PASSWORD, { headers: from() });
      const kiosk = { centre: 'kestrel-rise-community-centre' };
      const put = (headers: Record<string, string>) =>
        app.request('/api/admin/kiosks/csrf-lobby', { method: 'PUT', headers: { ...json, ...headers }, body: JSON.stringify(kiosk) });
      const refused = await put({ cookie: s.cookie });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
      expect((await put({ cookie: s.cookie, 'x-csrf-token': 'A'.repeat(43) })).status).toBe(403);
      expect((await put({ cookie: s.cookie, 'x-csrf-token': s.csrf })).status).toBe(200);
      // reading needs none
      expect((await me(s.cookie)).status).toBe(200);
      // sign-out is a state change too
      expect((await app.request('/api/auth/sign-out', { method: 'POST', headers: { cookie: s.cookie } })).status).toBe(403);
      const out = await app.request('/api/auth/sign-out', { method: 'POST', headers: s.write });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join('\n')).toMatch(/__Host-cm_session=;.*Max-Age=0/i);
      expect((await me(s.cookie)).status).toBe(401);
    });

    it('throttles failures per account (429 with Retry-After, even with the right password), for known and unknown addresses', async () => {
      for (const email of ['throttled@example.org', 'never-was@example.org']) {
        for (let i = 0; i < 5; i++) expect((await post('/api/auth/sign-in', { email, password: 'wrong wrong' })).status).toBe(401);
        const blocked = await post('/api/auth/sign-in', { email, password: PASSWORD });
        expect(blocked.status, email).toBe(429);
        const retry = Number(blocked.headers.get('retry-after'));
        expect(retry).toBeGreaterThan(0);
        expect(retry).toBeLessThanOrEqual(15 * 60);
        expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts');
      }
      now += 15 * MIN + 1000;
      expect((await post('/api/auth/sign-in', { email: 'throttled@example.org', password: PASSWORD })).status).toBe(200);
    });

    it('throttles failures per client address across accounts', async () => {
      const address = '203.0.113.77';
      for (let i = 0; i < 30; i++)
        expect((await post('/api/auth/sign-in', { email: `spray-${i}@example.org`, password: 'x' }, from(address))).status).toBe(401);
      const blocked = await post('/api/auth/sign-in', { email: 'ada@example.org', password: PASSWORD }, from(address));
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      // another address is not affected
      expect((await post('/api/auth/sign-in', { email: 'ada@example.org', password: PASSWORD })).status).toBe(200);
      now += 16 * MIN;
    });

    it('refuses bad input with 400 naming the problem', async () => {
      for (const [body, msg] of [
        [{ email: 'not-an-address', password: 'x' }, /email/],
        [{ email: 'ada@example.org' }, /password/],
        [{ email: 'ada@example.org', password: 'x'.repeat(300) }, /password must be at most 256/],
        [{ email: 'ada@example.org', password: 'x', extra: 1 }, /extra|Unrecognized/i],
      ] as const) {
        const res = await post('/api/auth/sign-in', body);
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(msg);
      }
    });

    const linkIn = (text: string) => /https:\/\/map\.example\.org\/admin\/sign-in\/link\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1];

    it('e-mails a one-time link: 202 for any address, the mail only to a real account, usable once', async () => {
      const before = smtp.mails.length;
      const unknown = await post('/api/auth/sign-in-link', { email: 'nobody@example.org' });
      expect(unknown.status).toBe(202);
      const known = await post('/api/auth/sign-in-link', { email: 'LINK-ONLY@example.org', language: 'he' });
      expect(known.status).toBe(202);
      expect(await known.text()).toBe(await (await post('/api/auth/sign-in-link', { email: 'nobody2@example.org' })).text());
      const mail = await smtp.next(before);
      expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('link-only@example.org');
      expect(mail.subject).toMatch(/קישור הכניסה/);
      expect(mail.html).toContain('dir="rtl"');
      const token = linkIn(mail.text ?? '') as string;
      expect(token).toBeTruthy();
      // nothing in clear in the database
      const hashes = (await database.db.selectFrom('sign_in_link').select('hash').execute()).map((r) => r.hash);
      expect(hashes).not.toContain(token);

      const used = await post('/api/auth/sign-in-link/consume', { token });
      expect(used.status).toBe(200);
      const session = cookieFrom(used);
      const body = (await used.json()) as { session: { via: string; may_set_password: boolean }; account: { has_password: boolean } };
      expect(body.session).toMatchObject({ via: 'link', may_set_password: true });
      expect(body.account.has_password).toBe(false);
      const again = await post('/api/auth/sign-in-link/consume', { token });
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: { code: string } }).error.code).toBe('link_invalid');
      expect(smtp.mails.length).toBe(before + 1); // no mail to unknown addresses

      // right after a link sign-in the password is set without the current one
      const cookie = `${session?.name}=${session?.value}`;
      const csrf = ((await (await me(cookie)).json()) as { csrf_token: string }).csrf_token;
      const short = await post('/api/auth/password', { new_password: 'short' }, { cookie, 'x-csrf-token': csrf });
      expect(short.status).toBe(400);
      expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/at least 12/);
      const set = await post('/api/auth/password', { new_password: 'a long new passphrase' }, { cookie, 'x-csrf-token': csrf });
      expect(set.status).toBe(204);
      expect((await post('/api/auth/sign-in', { email: 'link-only@example.org', password: 'a long new passphrase' })).status).toBe(200);
      const stored = await database.db.selectFrom('account').select('password_hash').where('email', '=', 'link-only@example.org').executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      // later, the current password is needed
      now += 16 * MIN;
      const s = await signIn(app, 'link-only@example.org', 'a long new passphrase', { headers: from() });
      now += 16 * MIN;
      const without = await post('/api/auth/password', { new_password: 'another long passphrase' }, s.write);
      expect(without.status).toBe(400);
      expect(((await without.json()) as { error: { message: string } }).error.message).toMatch(/current_password/);
      const wrong = await post('/api/auth/password', { current_password: 'nope nope nope', new_password: 'another long passphrase' }, s.write);
      expect(wrong.status).toBe(403);
      const ok = await post('/api/auth/password', { current_password: 'a long new passphrase', new_password: 'another long passphrase' }, s.write);
      expect(ok.status).toBe(204);
      // the other sessions of the account ended with the change
      expect((await me(cookie)).status).toBe(401);
      expect((await me(s.cookie)).status).toBe(200);
    });

    it('refuses an expired link', async () => {
      const before = smtp.mails.length;
      await post('/api/auth/sign-in-link', { email: 'ada@example.org' });
      const token = linkIn((await smtp.next(before)).text ?? '') as string;
      now += 15 * MIN + 1000;
      expect((await post('/api/auth/sign-in-link/consume', { token })).status).toBe(400);
    });

    it('writes sign-in events to the audit log without the password', async () => {
      const rows = await database.db.selectFrom('audit_entry').selectAll().where('action', 'like', 'auth.%').execute();
      const actions = new Set(rows.map((r) => r.action));
      expect(actions).toEqual(
        new Set(['auth.sign_in', 'auth.sign_in_failed', 'auth.sign_in_link_sent', 'auth.sign_in_link_issued']),
      );
      const text = JSON.stringify(rows);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('not the password at all');
      const failure = rows.find((r) => r.action === 'auth.sign_in_failed' && r.entity_id === null);
      expect(failure?.new).toMatchObject({ reason: 'unknown address', via: 'password' });
    });
  });
}
