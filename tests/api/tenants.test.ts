/**
 * Tenants served side by side (issue 12, item 4), on both databases: one app serves Lindmere (the
 * demo, the default) and Havenby (a second small town) at once — by the path prefix /t/<slug>/,
 * by host name (tenant_host, `npm run tenant -- hosts`), by ?tenant= — each seeing only its own
 * layers, opportunities and configuration; an unknown tenant is a 404 naming it; links of feeds,
 * the basemap and sign-in links follow the tenant; a user (session or API token) of one tenant
 * can neither see nor change the other's data (kiosks, audit, import, recompute, tokens), and a
 * session signed in at one tenant's host or prefix is no session at the other's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runUserCommand } from '../../server/accounts/user-command.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig, PROJECT_ROOT } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { runTenantCommand, TenantCommandError } from '../../server/tenants/host-command.ts';
import { TenantResolver } from '../../server/tenants/queries.ts';
import { addUser, cookieFrom, signIn } from '../support/accounts.ts';
import { describeEachDatabase, RATE_LIMITS_OFF } from '../support/databases.ts';
import { loadSecondTown, SECOND } from '../support/second-town.ts';

const PUBLIC_URL = 'https://map.example.org';
const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);

interface Fc {
  features: { id: string; properties: { name: string } }[];
}
interface Config {
  tenant: { slug: string; name: string };
  tenantVia: string;
  mapStyleUrl: string;
}

describeEachDatabase('tenants side by side', (ctx) => {
  let app: ReturnType<typeof createApp>;
  let tenants: TenantResolver;
  let webDir: string;
  let tmpRoot: string;
  const config = () =>
    loadConfig({
      LOG_LEVEL: 'silent',
      ...RATE_LIMITS_OFF,
      PUBLIC_URL,
      WEB_DIR: webDir,
      IMPORT_TMP_DIR: tmpRoot,
    });
  const get = async <T>(url: string, headers: Record<string, string> = {}) => {
    const res = await app.request(url, { headers });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, body: body as T, text };
  };
  const hosts = async (cmd: Parameters<typeof runTenantCommand>[1]) => {
    const r = await runTenantCommand(ctx.database.db, cmd);
    tenants.invalidate(); // what the server's hand-off route does after a change
    return r;
  };

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-tenants-web-'));
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-tenants-upload-'));
    fs.writeFileSync(
      path.join(webDir, 'index.html'),
      '<!doctype html><title>the app</title><script src="/assets/x.js"></script>',
    );
    await loadSecondTown(ctx.database.db);
    // a TTL of an hour: host changes show only because the command drops the cache
    tenants = new TenantResolver(ctx.database.db, undefined, 3_600_000);
    app = createApp({
      db: ctx.database.db,
      databaseKind: ctx.database.kind,
      config: config(),
      tenants,
      log: createLogger('error'),
    });
    await hosts({ action: 'hosts-add', tenant: 'lindmere', host: 'Lindmere.test' });
    await hosts({ action: 'hosts-add', tenant: SECOND.slug, host: 'havenby.test' });
    await addUser(ctx.database.db, { tenant: 'lindmere', email: 'admin@lindmere.example', role: 'admin' });
    await addUser(ctx.database.db, { tenant: SECOND.slug, email: 'admin@havenby.example', role: 'admin' });
  });
  afterAll(() => {
    fs.rmSync(webDir, { recursive: true, force: true });
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  });

  it('resolves ?tenant=, then the /t/<slug>/ prefix, then the host name, then the default', async () => {
    const via = async (url: string) => {
      const r = await get<Config>(url);
      expect(r.status, url).toBe(200);
      return `${r.body.tenant.slug} ${r.body.tenantVia}`;
    };
    expect(await via('/api/config')).toBe('lindmere default');
    expect(await via('http://elsewhere.example/api/config')).toBe('lindmere default');
    expect(await via(`/t/${SECOND.slug}/api/config`)).toBe('havenby prefix');
    expect(await via('http://havenby.test/api/config')).toBe('havenby host');
    expect(await via('http://HAVENBY.test./api/config')).toBe('havenby host');
    expect(await via('http://lindmere.test/api/config')).toBe('lindmere host');
    expect(await via('http://havenby.test/api/config?tenant=lindmere')).toBe('lindmere query');
    expect(await via('http://havenby.test/t/lindmere/api/config')).toBe('lindmere prefix');
    expect(await via(`/t/lindmere/api/config?tenant=${SECOND.slug}`)).toBe('havenby query');
    const named = await get<Config>(`/t/${SECOND.slug}/api/config?lang=en`);
    expect(named.body.tenant.name).toBe(SECOND.name);
    // the basemap style of the prefix is the prefix's
    expect(named.body.mapStyleUrl).toBe(`/t/${SECOND.slug}/api/basemap/style.json`);
  });

  it('answers an unknown tenant with a 404 naming it, never the default tenant nor a 500', async () => {
    for (const url of [
      '/t/nowhere/api/config',
      '/t/nowhere/api/layers/parks',
      '/t/nowhere/api/health',
      '/api/layers/parks?tenant=nowhere',
    ]) {
      const r = await get<{ error: { code: string; message: string } }>(url);
      expect(r.status, url).toBe(404);
      expect(r.body.error.message, url).toMatch(/Unknown tenant "nowhere"/);
    }
    const page = await get<string>('/t/nowhere/planner', { accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(page.text).toMatch(/Unknown tenant &quot;nowhere&quot;/);
    expect(page.text).not.toMatch(/the app/);
  });

  it('serves every view of the web app under the prefix, with absolute asset URLs', async () => {
    for (const p of [
      '/',
      '',
      '/planner',
      '/kiosk/some-centre',
      '/leaflet',
      '/admin',
      '/admin/kiosks',
      '/admin/sign-in/link',
    ]) {
      const r = await get<string>(`/t/${SECOND.slug}${p}`, { accept: 'text/html' });
      expect(r.status, p).toBe(200);
      expect(r.text, p).toContain('src="/assets/x.js"');
    }
    expect((await get(`/t/${SECOND.slug}/no-such-view`, { accept: 'text/html' })).status).toBe(404);
  });

  it('shows each tenant only its own layers and opportunities, by prefix and by host', async () => {
    const parks = async (url: string) => (await get<Fc>(url)).body.features;
    const lind = await parks('/api/layers/parks');
    const havenByPrefix = await parks(`/t/${SECOND.slug}/api/layers/parks`);
    const havenByHost = await parks('http://havenby.test/api/layers/parks');
    expect(lind.length).toBeGreaterThan(0);
    expect(havenByPrefix.length).toBeGreaterThan(0);
    expect(havenByHost.map((f) => f.id).sort()).toEqual(havenByPrefix.map((f) => f.id).sort());
    expect(havenByPrefix.every((f) => f.properties.name.startsWith('Havenby'))).toBe(true);
    expect(lind.some((f) => f.properties.name.startsWith('Havenby'))).toBe(false);
    const lindIds = new Set(lind.map((f) => f.id));
    expect(havenByPrefix.filter((f) => lindIds.has(f.id))).toEqual([]);

    type List = { total: number; items: { id: string }[] };
    const lo = (await get<List>('/api/opportunities?limit=500')).body;
    const ho = (await get<List>(`/t/${SECOND.slug}/api/opportunities?limit=500`)).body;
    expect(ho.total).toBeGreaterThan(0);
    expect(ho.total).toBeLessThan(lo.total);
    const theirs = ho.items[0]?.id as string;
    expect((await get(`/t/${SECOND.slug}/api/opportunities/${theirs}`)).status).toBe(200);
    expect((await get(`http://havenby.test/api/opportunities/${theirs}`)).status).toBe(200);
    expect((await get(`/api/opportunities/${theirs}`)).status).toBe(404);
    expect((await get(`http://lindmere.test/api/opportunities/${theirs}`)).status).toBe(404);
    // kiosks: one per community centre of the tenant, none of the other's
    const ks = (await get<{ centre: { name: string } }[]>(`/t/${SECOND.slug}/api/kiosks`)).body;
    expect(ks).toHaveLength(3);
    expect(ks.every((k) => k.centre.name.startsWith('Havenby'))).toBe(true);
  });

  it('points feeds, the basemap and sign-in links at the tenant: its host name, else its prefix', async () => {
    const atom = (await get<string>(`/t/${SECOND.slug}/api/feeds/atom.xml`)).text;
    expect(atom).toContain('href="https://havenby.test/api/feeds/atom.xml');
    expect(atom).not.toContain('map.example.org');
    const style = (
      await get<{ sources: Record<string, { data?: string; tiles?: string[] }> }>(
        'http://havenby.test/api/basemap/style.json',
      )
    ).body;
    const urls = Object.values(style.sources).flatMap((s) => [
      ...(typeof s.data === 'string' ? [s.data] : []),
      ...(s.tiles ?? []),
    ]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((u) => !u.startsWith('https://havenby.test/api/'))).toEqual([]);
    const prefixed = (
      await get<{ sources: Record<string, { data?: string; tiles?: string[] }> }>(
        `/t/${SECOND.slug}/api/basemap/style.json`,
      )
    ).body;
    expect(
      Object.values(prefixed.sources)
        .flatMap((s) => [...(typeof s.data === 'string' ? [s.data] : []), ...(s.tiles ?? [])])
        .filter((u) => !u.startsWith(`${PUBLIC_URL}/t/${SECOND.slug}/api/`)),
    ).toEqual([]);

    await hosts({ action: 'hosts-remove', tenant: SECOND.slug, host: 'havenby.test' });
    try {
      const after = (await get<string>(`/t/${SECOND.slug}/api/feeds/atom.xml`)).text;
      expect(after).toContain(`href="${PUBLIC_URL}/t/${SECOND.slug}/api/feeds/atom.xml`);
      expect(after).toContain(`${PUBLIC_URL}/t/${SECOND.slug}/?item=programs:`);
      // the host chooses nothing any more: the default tenant answers there
      expect((await get<Config>('http://havenby.test/api/config')).body.tenant.slug).toBe('lindmere');
      const link = await runUserCommand(ctx.database.db, config(), {
        action: 'link',
        tenant: SECOND.slug,
        email: 'admin@havenby.example',
      });
      expect(link.link?.url).toMatch(
        new RegExp(`^${PUBLIC_URL}/t/${SECOND.slug}/admin/sign-in/link\\?token=`),
      );
    } finally {
      await hosts({ action: 'hosts-add', tenant: SECOND.slug, host: 'havenby.test' });
    }
    const link = await runUserCommand(ctx.database.db, config(), {
      action: 'link',
      tenant: SECOND.slug,
      email: 'admin@havenby.example',
    });
    expect(link.link?.url).toMatch(/^https:\/\/havenby\.test\/admin\/sign-in\/link\?token=/);
    // the default tenant's links stay where they were, under its host name
    const lindAtom = (await get<string>('/api/feeds/atom.xml')).text;
    expect(lindAtom).toContain('href="https://lindmere.test/api/feeds/atom.xml');
  });

  it('manages host names: one tenant per host, checked names, every change audited', async () => {
    await expect(
      runTenantCommand(ctx.database.db, { action: 'hosts-add', tenant: 'lindmere', host: 'havenby.test' }),
    ).rejects.toThrow(/havenby\.test already belongs to tenant "havenby"/);
    for (const host of ['not a host', 'http://x.test', 'x..test', '-x.test', '10.0.0.1', '']) {
      await expect(
        runTenantCommand(ctx.database.db, { action: 'hosts-add', tenant: 'lindmere', host }),
        host,
      ).rejects.toThrow(TenantCommandError);
    }
    await expect(
      runTenantCommand(ctx.database.db, { action: 'hosts-add', tenant: 'nowhere', host: 'a.test' }),
    ).rejects.toThrow(/No tenant "nowhere"/);
    await expect(
      runTenantCommand(ctx.database.db, { action: 'hosts-remove', tenant: 'lindmere', host: 'havenby.test' }),
    ).rejects.toThrow(/not a host name of tenant "lindmere"/);
    const list = await runTenantCommand(ctx.database.db, { action: 'hosts-list' });
    expect(list.hosts).toEqual([
      { tenant: 'havenby', host: 'havenby.test' },
      { tenant: 'lindmere', host: 'lindmere.test' },
    ]);
    const entries = await ctx.database.db
      .selectFrom('audit_entry')
      .innerJoin('tenant', 'tenant.id', 'audit_entry.tenant_id')
      .select(['tenant.slug', 'action', 'previous', 'new'])
      .where('action', 'like', 'tenant.host_%')
      .where('tenant.slug', '=', SECOND.slug)
      .orderBy('audit_entry.id')
      .execute();
    expect(entries.map((e) => [e.action, e.previous, e.new])).toEqual([
      ['tenant.host_add', { hosts: [] }, { hosts: ['havenby.test'] }],
      ['tenant.host_remove', { hosts: ['havenby.test'] }, { hosts: [] }],
      ['tenant.host_add', { hosts: [] }, { hosts: ['havenby.test'] }],
    ]);
  });

  it("keeps one tenant's users out of the other's data: sessions, API tokens, kiosks, audit, import, recompute", async () => {
    const at = (base: string) => ({
      request: (p: string, init?: RequestInit) => app.request(`${base}${p}`, init),
    });
    const lind = await signIn(at('http://lindmere.test'), 'admin@lindmere.example');
    const haven = await signIn(at(`/t/${SECOND.slug}`), 'admin@havenby.example');
    // an account of one tenant cannot sign in at the other's host or prefix
    const wrong = await app.request(`/t/${SECOND.slug}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@lindmere.example', password: 'correct horse battery staple' }),
    });
    expect(wrong.status).toBe(401);
    expect(cookieFrom(wrong)).toBeUndefined();
    // a session signed in at Lindmere's host is no session at Havenby's host or prefix
    expect(
      (await app.request('http://lindmere.test/api/auth/me', { headers: { cookie: lind.cookie } })).status,
    ).toBe(200);
    expect(
      (await app.request('http://havenby.test/api/auth/me', { headers: { cookie: lind.cookie } })).status,
    ).toBe(401);
    expect(
      (await app.request(`/t/${SECOND.slug}/api/auth/me`, { headers: { cookie: lind.cookie } })).status,
    ).toBe(401);

    // API tokens, one per tenant's admin
    const token = async (s: typeof lind, base: string) => {
      const r = await app.request(`${base}/api/auth/tokens`, {
        method: 'POST',
        headers: s.write,
        body: JSON.stringify({ name: 'script', role: 'admin' }),
      });
      expect(r.status).toBe(201);
      return (await r.json()) as { id: string; token: string };
    };
    const lindToken = await token(lind, 'http://lindmere.test');
    const havenToken = await token(haven, `/t/${SECOND.slug}`);
    const bearer = (t: { token: string }) => ({
      authorization: `Bearer ${t.token}`,
      'content-type': 'application/json',
    });

    // Havenby's admin configures a kiosk of Havenby
    const ks = (await get<{ slug: string; centre: { id: string } }[]>(`/t/${SECOND.slug}/api/kiosks`)).body;
    const centre = ks[0]?.centre.id as string;
    const kiosk = {
      centre,
      default_language: 'en',
      languages: ['en'],
      idle_seconds: 60,
      layers: ['programs'],
      printer: false,
    };
    const saved = await app.request(`/t/${SECOND.slug}/api/admin/kiosks/harbour-desk`, {
      method: 'PUT',
      headers: bearer(havenToken),
      body: JSON.stringify(kiosk),
    });
    expect(saved.status, await saved.clone().text()).toBe(200);

    // Lindmere's admin, every way of naming Havenby: refused, never Havenby's rows
    const attempts: [string, string, RequestInit][] = [];
    for (const [who, headers] of [
      ['session', { ...lind.write }],
      ['token', bearer(lindToken)],
    ] as const) {
      for (const [where, url] of [
        ['prefix', `/t/${SECOND.slug}/api`],
        ['host', 'http://havenby.test/api'],
      ] as const) {
        attempts.push(
          [
            `${who} ${where} kiosk PUT`,
            `${url}/admin/kiosks/harbour-desk`,
            { method: 'PUT', headers, body: JSON.stringify(kiosk) },
          ],
          [`${who} ${where} kiosk DELETE`, `${url}/admin/kiosks/harbour-desk`, { method: 'DELETE', headers }],
          [`${who} ${where} audit`, `${url}/admin/audit`, { headers }],
          [`${who} ${where} audit.csv`, `${url}/admin/audit.csv`, { headers }],
          [`${who} ${where} recompute`, `${url}/admin/analytics/recompute`, { method: 'POST', headers }],
        );
      }
      attempts.push(
        [
          `${who} query kiosk PUT`,
          `/api/admin/kiosks/harbour-desk?tenant=${SECOND.slug}`,
          { method: 'PUT', headers, body: JSON.stringify(kiosk) },
        ],
        [`${who} query audit`, `/api/admin/audit?tenant=${SECOND.slug}`, { headers }],
        [`${who} token revoke`, `/api/auth/tokens/${havenToken.id}`, { method: 'DELETE', headers }],
      );
    }
    for (const [what, url, init] of attempts) {
      const res = await app.request(url, init);
      const text = await res.text();
      expect([401, 403, 404], `${what}: ${res.status} ${text.slice(0, 200)}`).toContain(res.status);
      expect(text, what).not.toMatch(/harbour-desk|havenby\.test|Havenby/);
    }
    // the ways that name the tenant explicitly are a 403 (signed in, no role there)
    expect(
      (await app.request(`/api/admin/audit?tenant=${SECOND.slug}`, { headers: bearer(lindToken) })).status,
    ).toBe(403);
    expect(
      (await app.request(`/t/${SECOND.slug}/api/admin/audit`, { headers: bearer(lindToken) })).status,
    ).toBe(403);
    // a Lindmere kiosk cannot take a Havenby centre
    const foreign = await app.request('/api/admin/kiosks/lobby', {
      method: 'PUT',
      headers: bearer(lindToken),
      body: JSON.stringify(kiosk),
    });
    expect([400, 404]).toContain(foreign.status);
    // Havenby's kiosk is unchanged, and Havenby's token still works
    const still = await get<{ slug: string; idle_seconds: number }>(
      `/t/${SECOND.slug}/api/kiosks/harbour-desk`,
    );
    expect(still.body).toMatchObject({ slug: 'harbour-desk', idle_seconds: 60 });
    expect(
      (await app.request(`/t/${SECOND.slug}/api/admin/audit`, { headers: bearer(havenToken) })).status,
    ).toBe(200);

    // each admin's audit log holds only its tenant's entries
    type Audit = { items: { action: string; entity_id: string | null; summary: string }[] };
    const hAudit = (await (
      await app.request(`/t/${SECOND.slug}/api/admin/audit?limit=500`, { headers: { cookie: haven.cookie } })
    ).json()) as Audit;
    const lAudit = (await (
      await app.request('http://lindmere.test/api/admin/audit?limit=500', {
        headers: { cookie: lind.cookie },
      })
    ).json()) as Audit;
    expect(hAudit.items.some((e) => e.entity_id === 'harbour-desk')).toBe(true);
    expect(lAudit.items.some((e) => e.entity_id === 'harbour-desk')).toBe(false);
    expect(hAudit.items.some((e) => /lindmere/i.test(e.summary))).toBe(false);

    // an upload at Havenby's prefix without a tenant field imports into Havenby; Lindmere's token may not
    const mapping = fs
      .readFileSync(FIX('generic-csv.json'), 'utf8')
      .replace('test-centres', 'havenby-upload');
    const form = () => {
      const fd = new FormData();
      fd.set('format', 'csv');
      fd.set('mapping', mapping);
      fd.set('file', new File([fs.readFileSync(FIX('centres-good.csv'))], 'centres.csv'));
      return fd;
    };
    const refused = await app.request(`/t/${SECOND.slug}/api/admin/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${lindToken.token}` },
      body: form(),
    });
    expect(refused.status).toBe(403);
    const imported = await app.request(`/t/${SECOND.slug}/api/admin/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${havenToken.token}` },
      body: form(),
    });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { tenant: string }).tenant).toBe(SECOND.slug);
    const centres = async (url: string) => (await get<Fc>(url)).body.features.map((f) => f.properties.name);
    expect(await centres(`/t/${SECOND.slug}/api/layers/centres`)).toContain('Riverside Hall');
    expect(await centres('/api/layers/centres')).not.toContain('Riverside Hall');
  });
});
