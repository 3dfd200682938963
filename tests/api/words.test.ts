/**
 * Issue 14, item 6, on both databases. Search hits say which language an activity's title is in
 * (the web marks those not in the reader's language). The tenant's clock: an admin may force a 12-hour or a 24-hour clock for every
 * time the town's pages show (null: the custom of the reader's language and of the town). PUT
 * /api/admin/settings takes `clock`, a bad value is a 400 naming it, the change is audited with
 * its previous and new value, and /api/config hands it to the web app at once.
 */
import { expect, it } from 'vitest';
import type { SearchItem } from '../../server/opportunities/search.ts';
import { formatWhen } from '../../server/subscriptions/mails.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { describeEachDatabase } from '../support/databases.ts';

interface Problem {
  error: { code: string; message: string };
}

describeEachDatabase('the tenant clock', (ctx) => {
  let admin: Signed;
  const body = {
    names: { en: 'Lindmere' },
    locales: ['en', 'fr', 'he', 'pl', 'uk', 'ru'],
    default_locale: 'en',
    timezone: 'Europe/Amsterdam',
    home: { center: [3.5, 54.5], zoom: 13 },
  };
  const put = (b: unknown, who: Signed | null = admin) =>
    ctx.app.request('/api/admin/settings?tenant=lindmere', {
      method: 'PUT',
      headers: who ? who.write : { 'content-type': 'application/json' },
      body: JSON.stringify(b),
    });
  const configClock = async () =>
    (
      (await (await ctx.app.request('/api/config?tenant=lindmere')).json()) as {
        tenant: { clock: string | null };
      }
    ).tenant.clock;

  it('is the custom (null) until an admin sets it; then /api/config carries it, audited', async () => {
    await addUser(ctx.database.db, { tenant: 'lindmere', email: 'clock-admin@example.org', role: 'admin' });
    admin = await signIn(ctx.app, 'clock-admin@example.org', undefined, { tenant: 'lindmere' });
    expect(await configClock()).toBeNull();

    const res = await put({ ...body, clock: '12h' });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { clock: string | null }).clock).toBe('12h');
    expect(await configClock()).toBe('12h');

    const audit = (await (
      await ctx.app.request('/api/admin/audit?tenant=lindmere&entity=tenant', {
        headers: { cookie: admin.cookie },
      })
    ).json()) as { items: { action: string; previous: { clock?: unknown }; new: { clock?: unknown } }[] };
    const entry = audit.items.find((e) => e.action === 'tenant.settings');
    expect(entry?.previous.clock).toBeNull();
    expect(entry?.new.clock).toBe('12h');

    // a PUT without `clock` keeps it (older clients); null gives the custom back
    expect((await put(body)).status).toBe(200);
    expect(await configClock()).toBe('12h');
    expect((await put({ ...body, clock: null })).status).toBe(200);
    expect(await configClock()).toBeNull();
  });

  it('refuses anything but 12h, 24h or null with a 400 naming the field; anonymous 401', async () => {
    for (const clock of ['noon', 12, '24', '']) {
      const res = await put({ ...body, clock });
      expect(res.status, String(clock)).toBe(400);
      expect(((await res.json()) as Problem).error.message).toContain('clock');
    }
    expect((await put({ ...body, clock: '24h' }, null)).status).toBe(401);
    expect(await configClock()).toBeNull();
  });

  it("search hits carry an activity's title language, so the untranslated are marked", async () => {
    type Hit = { type: string; name: string; name_lang: string | null };
    const uk = await ctx.getJson<Hit[]>('/api/search?q=Chair%20yoga&lang=uk&tenant=lindmere');
    expect(uk.status).toBe(200);
    const yoga = uk.body.find((h) => h.type === 'opportunity' && h.name === 'Chair yoga');
    expect(yoga?.name_lang).toBe('en');
    const fr = await ctx.getJson<Hit[]>('/api/search?q=Yoga%20sur%20chaise&lang=fr&tenant=lindmere');
    expect(fr.body.find((h) => h.type === 'opportunity' && h.name === 'Yoga sur chaise')?.name_lang).toBe(
      'fr',
    );
    // places, neighbourhoods and streets are proper names: no language
    const park = await ctx.getJson<Hit[]>('/api/search?q=park&lang=uk&tenant=lindmere');
    for (const h of park.body.filter((x) => x.type !== 'opportunity')) expect(h.name_lang).toBeNull();
  });

  it('the Atom feed and the e-mail digests read times with the same clock as the pages', async () => {
    // the entries' "Next dates" lines: hour and minute of the town's occurrences
    const atomTimes = async () => {
      const res = await ctx.app.request('/api/feeds/atom.xml?tenant=lindmere&lang=en');
      expect(res.status).toBe(200);
      // the machine-read timestamps (<updated>, <published>) aside
      const xml = (await res.text()).replace(/\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?/g, '');
      return [...xml.matchAll(/\d{1,2}:\d{2}(?:\s|&#160;|\u202f)?(?:AM|PM)?/g)].map((m) => m[0]);
    };
    // Lindmere keeps Amsterdam's time: an English reader sees 24-hour times by custom
    expect((await put({ ...body, clock: null })).status).toBe(200);
    const custom = await atomTimes();
    expect(custom.length).toBeGreaterThan(0);
    expect(custom.filter((t) => /AM|PM/.test(t))).toEqual([]);
    // the town asks for a 12-hour clock: the feed follows at once
    expect((await put({ ...body, clock: '12h' })).status).toBe(200);
    const twelve = await atomTimes();
    expect(twelve.length).toBe(custom.length);
    expect(twelve.every((t) => /AM|PM/.test(t))).toBe(true);
    expect((await put({ ...body, clock: null })).status).toBe(200);

    // the digest's lines: the custom of the language and the place, or the tenant's setting
    const item = {
      next: { start: '2026-12-08T15:30:00Z', end: '2026-12-08T17:00:00Z' },
    } as unknown as SearchItem;
    expect(formatWhen(item, 'en', 'Europe/Amsterdam').time).toBe('16:30–18:00');
    expect(formatWhen(item, 'en', 'America/Vancouver').time).toMatch(/^7:30\sAM–9:00\sAM$/);
    expect(formatWhen(item, 'en', 'America/Vancouver', '24h').time).toMatch(/^0?7:30–0?9:00$/);
    expect(formatWhen(item, 'en', 'Europe/Amsterdam', '12h').time).toMatch(/^4:30\sPM–6:00\sPM$/);
    expect(formatWhen(item, 'uk', 'America/Vancouver').time).toMatch(/^0?7:30–0?9:00$/);
  });
});
