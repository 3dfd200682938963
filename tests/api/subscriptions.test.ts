/**
 * E-mail digests end to end against a real SMTP server started here: subscribe in Hebrew, confirm
 * from the mail that arrived, run the digest (the function and `npm run digest -- --now` as a
 * child), find the right activities and the one-click headers, unsubscribe with one POST, and get
 * nothing from the next run. Plus: no enumeration, bad input, expiry, no addresses in logs, and
 * mail off.
 */
import { spawn } from 'node:child_process';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { runDigests } from '../../server/subscriptions/digest.ts';
import { createMailer, type Mailer } from '../../server/subscriptions/mailer.ts';
import { lastSlot } from '../../server/subscriptions/schedule.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { databaseKinds, openTestDatabase, RATE_LIMITS_OFF, type TestDatabase } from '../support/databases.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://map.example.org';
const ROOT = new URL('../..', import.meta.url).pathname;

function linkIn(text: string, path: string): string {
  const m = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}${path}\\?token=[A-Za-z0-9_-]{43}`).exec(text);
  if (!m) throw new Error(`no ${path} link in: ${text.slice(0, 500)}`);
  return m[0];
}
/** a header as it arrived (mailparser turns List-Unsubscribe into an object) */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).trim();
}
const local = (url: string) => url.slice(PUBLIC_URL.length);

function runCli(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/subscriptions/cli.ts', '--now', '--json'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const kind of databaseKinds()) {
  describe(`e-mail digests [${kind}]`, () => {
    let database: TestDatabase;
    let smtp: TestSmtp;
    let mailer: Mailer;
    let app: ReturnType<typeof createApp>;
    const logLines: string[] = [];
    const config = () =>
      loadConfig({
        LOG_LEVEL: 'debug',
        ...RATE_LIMITS_OFF,
        SMTP_URL: smtp.url,
        PUBLIC_URL,
        MAIL_FROM: 'Town <news@example.org>',
      });
    const log = createLogger('debug', {
      format: 'json',
      destination: { write: (l: string) => logLines.push(l) },
    });

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      smtp = await startTestSmtp();
      mailer = createMailer(config()) as Mailer;
      app = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: config(),
        tenants: new TenantResolver(database.db, undefined),
        log,
      });
    });
    afterAll(async () => {
      mailer?.close();
      await smtp?.close();
      await database?.close();
    });

    const post = (body: unknown) =>
      app.request('/api/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const count = async (email: string) =>
      Number(
        (
          await database.db
            .selectFrom('subscription')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('email', '=', email)
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** a neighbourhood with activities this week, and what the list API answers for it in Hebrew */
    async function busyNeighbourhood() {
      const hoods = (await (
        await app.request('/api/layers/neighbourhoods')
      ).json()) as GeoJSON.FeatureCollection;
      for (const h of hoods.features) {
        const res = await app.request(
          `/api/opportunities?when=week&lang=he&sort=next&limit=500&area=${h.id}`,
        );
        const body = (await res.json()) as { items: { id: string; next: { start: string } | null }[] };
        const items = body.items.filter((i) => i.next);
        if (items.length >= 2) return { area: String(h.id), items };
      }
      throw new Error('no neighbourhood of the demo town has two activities this week');
    }

    it('subscribes in Hebrew, confirms by the mail, sends a Hebrew digest with one-click headers, unsubscribes with one POST', async () => {
      const email = `dana.${kind}@example.org`;
      const { area, items: expected } = await busyNeighbourhood();
      const n0 = smtp.mails.length;
      const res = await post({
        email,
        language: 'he',
        frequency: 'weekly',
        filters: { area, lang: 'he', when: 'today' },
      });
      expect(res.status).toBe(202);

      const confirmation = await smtp.next(n0);
      expect(confirmation.to && 'text' in confirmation.to ? confirmation.to.text : '').toContain(email);
      expect(confirmation.subject).toMatch(/[\u0590-\u05FF]/);
      expect(confirmation.html).toContain('dir="rtl"');
      const confirmLink = linkIn(confirmation.text ?? '', '/subscriptions/confirm');

      // following the link shows a button: a scanner's GET does not confirm
      const page = await app.request(local(confirmLink));
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('method="post"');
      expect(html).toContain('dir="rtl"');
      const row0 = await database.db
        .selectFrom('subscription')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(row0.confirmed_at).toBeNull();
      // only the address, language, frequency, filters and timestamps; the view's time window is not kept
      expect(row0.filters).toEqual({ area });
      const token = new URL(confirmLink).searchParams.get('token') as string;
      const confirmed = await app.request('/subscriptions/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(confirmed.status).toBe(200);
      const row1 = await database.db
        .selectFrom('subscription')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(row1.confirmed_at).not.toBeNull();
      // the token is used up
      expect((await app.request(local(confirmLink))).status).toBe(404);

      const before = smtp.mails.length;
      const report = await runDigests(database.db, { config: config(), mailer, log, force: true });
      expect(report.sent).toBe(1);
      const digest = await smtp.next(before);
      expect(digest.subject).toContain('השבוע');
      expect(digest.html).toContain('dir="rtl"');
      expect(digest.html).toContain('lang="he"');
      expect(digest.html).toContain('<bdi>');
      expect(digest.text).toContain('\u2068');
      // the right activities, soonest first: the list API's answer for the same filters
      const ids = [...(digest.html as string).matchAll(/\?item=programs:([0-9a-f-]{36})/g)].map((m) => m[1]);
      const textIds = [...(digest.text ?? '').matchAll(/\?item=programs:([0-9a-f-]{36})/g)].map((m) => m[1]);
      const want = expected
        .slice()
        .sort((a, b) => Date.parse(a.next?.start ?? '') - Date.parse(b.next?.start ?? ''))
        .map((i) => i.id);
      expect(ids).toEqual(want);
      expect(textIds).toEqual(want);
      // RFC 8058 one-click
      const listUnsubscribe = rawHeader(digest, 'List-Unsubscribe') ?? '';
      expect(rawHeader(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const unsubscribe = /<(https:\/\/[^>]+)>/.exec(listUnsubscribe)?.[1] as string;
      expect(unsubscribe).toMatch(/^https:\/\/map\.example\.org\/subscriptions\/unsubscribe\?token=/);
      expect(digest.text).toContain(unsubscribe); // and visible in the mail

      // a second run: nothing new, nothing sent
      expect((await runDigests(database.db, { config: config(), mailer, log, force: true })).sent).toBe(0);

      if (database.url) {
        // the command line, on the same database: nothing new yet…
        const env = {
          SMTP_URL: smtp.url,
          PUBLIC_URL,
          DATABASE_URL: database.url,
          LOAD_DEMO: 'false',
          LOG_LEVEL: 'silent',
        };
        const first = await runCli(env);
        expect(first.code, first.stderr).toBe(0);
        expect(JSON.parse(first.stdout)).toMatchObject({ sent: 0, nothingNew: 1 });
        // …until the filters change through the manage API: the next digest has the new view
        const manageToken = new URL(unsubscribe).searchParams.get('token') as string;
        const patch = await app.request('/api/subscriptions/manage', {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: manageToken, filters: { area, free: 'true' } }),
        });
        expect(patch.status).toBe(200);
        const n = smtp.mails.length;
        const second = await runCli(env);
        expect(second.code, second.stderr).toBe(0);
        const sent = JSON.parse(second.stdout) as { sent: number };
        const free = (await (
          await app.request(`/api/opportunities?when=week&lang=he&area=${area}&free=true&limit=500`)
        ).json()) as {
          items: { id: string; next: unknown }[];
        };
        const wantFree = free.items.filter((i) => i.next).map((i) => i.id);
        expect(sent.sent).toBe(wantFree.length ? 1 : 0);
        if (wantFree.length) {
          const m = await smtp.next(n);
          const got = [...(m.html as string).matchAll(/\?item=programs:([0-9a-f-]{36})/g)].map((x) => x[1]);
          expect(got.sort()).toEqual(wantFree.sort());
        }
      }

      // one POST, as a mail client does it
      const one = await app.request(local(unsubscribe), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(one.status).toBe(200);
      expect(await count(email)).toBe(0);
      expect(
        await database.db
          .selectFrom('subscription_token')
          .selectAll()
          .where('subscription_id', '=', row1.id)
          .execute(),
      ).toEqual([]);
      const after = smtp.mails.length;
      const last = await runDigests(database.db, { config: config(), mailer, log, force: true });
      expect(last.sent).toBe(0);
      expect(smtp.mails.length).toBe(after);
    }, 120_000);

    it('answers the same 202 body for a new, a pending and a subscribed address, with one mail each', async () => {
      const email = `same.${kind}@example.org`;
      const body = { email, language: 'en', frequency: 'daily', filters: {} };
      const n = smtp.mails.length;
      const a = await post(body);
      const first = await smtp.next(n);
      const b = await post(body);
      const second = await smtp.next(n + 1);
      const token = new URL(linkIn(second.text ?? '', '/subscriptions/confirm')).searchParams.get(
        'token',
      ) as string;
      // the first confirmation link no longer works: only the latest does
      expect((await app.request(local(linkIn(first.text ?? '', '/subscriptions/confirm')))).status).toBe(404);
      await app.request('/subscriptions/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${token}`,
      });
      const c = await post({ ...body, language: 'fr', filters: { free: 'true' } });
      const third = await smtp.next(n + 2);
      expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
      const [ta, tb, tc] = await Promise.all([a.text(), b.text(), c.text()]);
      expect(tb).toBe(ta);
      expect(tc).toBe(ta);
      expect(await count(email)).toBe(1);
      // a subscribed address is reminded how to manage it; nobody can change it by knowing the address
      expect(third.text).toContain('/subscriptions/manage?token=');
      const row = await database.db
        .selectFrom('subscription')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ language: 'en', filters: {} });

      // the reminder's manage link: read, a refused change shown escaped, then delete
      const manage = new URL(linkIn(third.text ?? '', '/subscriptions/manage')).searchParams.get(
        'token',
      ) as string;
      const view = await app.request(`/api/subscriptions/manage?token=${manage}`);
      expect(await view.json()).toEqual({ language: 'en', frequency: 'daily', filters: {}, confirmed: true });
      const pageRes = await app.request(`/subscriptions/manage?token=${manage}`);
      expect(pageRes.status).toBe(200);
      expect(await pageRes.text()).toContain('<select id="language" name="language">');
      const refused = await app.request('/subscriptions/manage', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: manage,
          language: 'ru',
          frequency: 'weekly',
          filters: 'audience=<script>x</script>',
        }).toString(),
      });
      expect(refused.status).toBe(400);
      const refusedHtml = await refused.text();
      expect(refusedHtml).not.toContain('<script>');
      expect(refusedHtml).toContain('role="alert"');
      const saved = await app.request('/subscriptions/manage', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: manage,
          language: 'ru',
          frequency: 'weekly',
          filters: 'free=true',
        }).toString(),
      });
      expect(saved.status).toBe(200);
      expect(await saved.text()).toContain('<html lang="ru" dir="ltr">');
      const changed = await database.db
        .selectFrom('subscription')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(changed).toMatchObject({ language: 'ru', frequency: 'weekly', filters: { free: 'true' } });
      expect(
        (await app.request(`/api/subscriptions/manage?token=${manage}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect(await count(email)).toBe(0);
      expect((await app.request(`/api/subscriptions/manage?token=${manage}`)).status).toBe(404);
    });

    it('refuses a bad address, language, frequency or filter with a 400 naming it', async () => {
      const cases: [unknown, RegExp][] = [
        [{ email: 'not-an-address', language: 'en', frequency: 'weekly', filters: {} }, /email/],
        [{ email: 'a@example.org', language: 'xx', frequency: 'weekly', filters: {} }, /language/],
        [{ email: 'a@example.org', language: 'en', frequency: 'hourly', filters: {} }, /frequency/],
        [
          { email: 'a@example.org', language: 'en', frequency: 'weekly', filters: { colour: 'red' } },
          /unknown filter colour/,
        ],
        [
          { email: 'a@example.org', language: 'en', frequency: 'weekly', filters: { audience: 'martians' } },
          /audience/,
        ],
        [
          { email: 'a@example.org', language: 'en', frequency: 'weekly', filters: { lon: '10' } },
          /lon and lat/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await post(body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        const json = (await res.json()) as { error: { code: string; message: string } };
        expect(json.error.message).toMatch(message);
      }
      const unknownArea = await post({
        email: 'a@example.org',
        language: 'en',
        frequency: 'weekly',
        filters: { area: '00000000-0000-4000-8000-000000000000' },
      });
      expect(unknownArea.status).toBe(404);
      expect(await count('a@example.org')).toBe(0);
    });

    it('deletes unconfirmed subscriptions after 7 days', async () => {
      const email = `late.${kind}@example.org`;
      const n = smtp.mails.length;
      await post({ email, language: 'pl', frequency: 'weekly', filters: {} });
      await smtp.next(n);
      await database.db
        .updateTable('subscription')
        .set({ created_at: new Date(Date.now() - 8 * 86_400_000) })
        .where('email', '=', email)
        .execute();
      const report = await runDigests(database.db, { config: config(), mailer, log });
      expect(report.expired).toBe(1);
      expect(await count(email)).toBe(0);
    });

    it("sends on the tenant's schedule: not before the slot, once after it, once for two runs at a time", async () => {
      const email = `weekly.${kind}@example.org`;
      const n = smtp.mails.length;
      await post({ email, language: 'uk', frequency: 'weekly', filters: {} });
      const token = new URL(
        linkIn((await smtp.next(n)).text ?? '', '/subscriptions/confirm'),
      ).searchParams.get('token');
      await app.request('/subscriptions/confirm', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `token=${token}`,
      });
      const tenant = await database.db
        .selectFrom('tenant')
        .select('timezone')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const cfg = loadConfig({
        ...RATE_LIMITS_OFF,
        SMTP_URL: smtp.url,
        PUBLIC_URL,
        DIGEST_WEEKDAY: '3',
        DIGEST_HOUR: '9',
      });
      const slot = lastSlot(Date.now(), tenant.timezone, 'weekly', { weekday: 3, hour: 9 });
      // confirmed after the slot before: the first digest is due at this slot
      await database.db
        .updateTable('subscription')
        .set({ confirmed_at: new Date(slot - 3 * 86_400_000) })
        .where('email', '=', email)
        .execute();
      const sentTo = async (at: number) => {
        const before = await database.db
          .selectFrom('subscription')
          .select('last_sent_at')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        await runDigests(database.db, { config: cfg, mailer, log, now: at });
        const after = await database.db
          .selectFrom('subscription')
          .select('last_sent_at')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        return after.last_sent_at?.getTime() !== before.last_sent_at?.getTime();
      };
      expect(await sentTo(slot - 60_000)).toBe(false);
      const m = smtp.mails.length;
      expect(await sentTo(slot + 60_000)).toBe(true);
      const digest = await smtp.next(m);
      expect(digest.subject).toMatch(/тижня/);
      expect(await sentTo(slot + 120_000)).toBe(false);
      // the next week: two runs at once send one digest
      const next = slot + 7 * 86_400_000 + 60_000;
      const toMe = () =>
        smtp.mails.filter((x) => (x.to && 'text' in x.to ? x.to.text : '').includes(email)).length;
      const mailsBefore = toMe();
      await Promise.all([
        runDigests(database.db, { config: cfg, mailer, log, now: next }),
        runDigests(database.db, { config: cfg, mailer, log, now: next }),
      ]);
      const mine = await database.db
        .selectFrom('subscription')
        .select('last_sent_at')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(mine.last_sent_at?.getTime()).toBe(next);
      expect(toMe()).toBe(mailsBefore + 1);
    });

    it('never writes an address into the log', () => {
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('\n')).not.toMatch(/@example\.org/);
    });

    it('answers 503 mail_disabled without SMTP_URL and tells the web app', async () => {
      const off = createApp({
        db: database.db,
        databaseKind: database.kind,
        config: loadConfig({ LOG_LEVEL: 'silent', ...RATE_LIMITS_OFF }),
        tenants: new TenantResolver(database.db, undefined),
        log,
      });
      const n = smtp.mails.length;
      const res = await off.request('/api/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'off@example.org', language: 'en', frequency: 'weekly', filters: {} }),
      });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('mail_disabled');
      expect(body.error.message).toMatch(/SMTP_URL/);
      expect(await count('off@example.org')).toBe(0);
      expect(((await (await off.request('/api/config')).json()) as { mail: boolean }).mail).toBe(false);
      expect(((await (await app.request('/api/config')).json()) as { mail: boolean }).mail).toBe(true);
      expect(logLines.some((l) => l.includes('E-mail is off'))).toBe(true);
      expect(smtp.mails.length).toBe(n);
    });
  });
}
