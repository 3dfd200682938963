/**
 * The edge of the service (issue 10, defects 9 and 11): absolute URLs come from PUBLIC_URL and
 * never from a forged Host header; Strict-Transport-Security only over https; a Permissions-Policy;
 * only the web app's own views get index.html, everything else is a real 404.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FeatureCollection } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { isAppRoute } from '../../server/http/app-routes.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';

const EVIL = 'evil.example';
const forged = (): RequestInit => ({
  headers: { host: EVIL, 'x-forwarded-host': EVIL, 'x-forwarded-proto': 'https', forwarded: `host=${EVIL}` },
});

/** a web app folder of our own: the tests never depend on `npm run build` */
function fakeWebDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Commons Map</title><div id="root"></div>');
  fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'robots.txt'), 'User-agent: *\n');
  return dir;
}

describeEachDatabase('edge: absolute URLs and headers', (ctx) => {
  let programId: string;
  let placeId: string;
  let webDir: string;
  const PUBLIC = 'https://map.example.org';
  let app: ReturnType<typeof testApp>;
  let plain: ReturnType<typeof testApp>;

  beforeAll(async () => {
    webDir = fakeWebDir();
    app = testApp(ctx.database, { PUBLIC_URL: `${PUBLIC}/`, WEB_DIR: webDir });
    plain = testApp(ctx.database, { WEB_DIR: webDir });
    const programs = (await ctx.getJson<FeatureCollection>('/api/layers/programs?limit=5')).body;
    programId = String(programs.features[0]?.id);
    const parks = (await ctx.getJson<FeatureCollection>('/api/layers/parks?limit=5')).body;
    placeId = String(parks.features[0]?.id);
  });
  afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

  /** everything that answers with a body a cache or a resident may keep */
  const paths = () => [
    '/api/health',
    '/api/config',
    '/api/basemap/style.json',
    `/api/opportunities/${programId}`,
    `/api/opportunities/${programId}/calendar.ics`,
    `/api/places/${placeId}`,
    '/api/opportunities?limit=5',
    '/api/search?q=park',
    '/api/nearby?lon=4.5&lat=52.5&radius_m=50000&limit=3',
    '/api/layers/parks?limit=3',
    '/api/kiosks',
    '/api/openapi.json',
    '/',
    '/planner',
    '/nope',
  ];

  it('never echoes a forged Host header into an answer', async () => {
    for (const a of [app, plain]) {
      for (const p of paths()) {
        // as @hono/node-server builds the request URL from the Host header
        const res = await a.request(`http://${EVIL}${p}`, forged());
        const text = await res.text();
        expect(res.status, p).toBeLessThan(500);
        expect(text, p).not.toContain(EVIL);
        for (const [name, value] of res.headers) expect(value, `${p} ${name}`).not.toContain(EVIL);
      }
    }
  });

  it('builds the basemap style and the calendar links from PUBLIC_URL', async () => {
    const res = await app.request(`http://${EVIL}/api/basemap/style.json`, forged());
    const style = (await res.json()) as { sources: Record<string, { data?: unknown; tiles?: string[] }> };
    // GeoJSON sources name their data, the basemap's vector source its tiles
    const urls = Object.values(style.sources).flatMap((s) => [
      ...(typeof s.data === 'string' ? [s.data] : []),
      ...(s.tiles ?? []),
    ]);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(`${PUBLIC}/api/`), u).toBe(true);

    const ics = await (await app.request(`http://${EVIL}/api/opportunities/${programId}/calendar.ics`, forged())).text();
    expect(ics.replace(/\r\n[ \t]/g, '')).toContain(`URL:${PUBLIC}/?item=`);
  });

  it('defaults to http://localhost:PORT without PUBLIC_URL', async () => {
    const style = (await (await plain.request(`http://${EVIL}/api/basemap/style.json`, forged())).json()) as {
      sources: Record<string, { data?: unknown }>;
    };
    const urls = Object.values(style.sources).map((s) => String(s.data));
    for (const u of urls.filter((x) => x.startsWith('http'))) expect(u.startsWith('http://localhost:3000/api/')).toBe(true);
  });

  it('sends Strict-Transport-Security only when PUBLIC_URL is https', async () => {
    expect((await plain.request('/api/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await plain.request('/')).headers.get('strict-transport-security')).toBeNull();
    const httpPublic = testApp(ctx.database, { PUBLIC_URL: 'http://map.example.org' });
    expect((await httpPublic.request('/api/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await app.request('/api/health')).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('sends a Permissions-Policy that allows geolocation for near-me only, and keeps the CSP', async () => {
    for (const p of ['/', '/api/health', '/nope']) {
      const res = await app.request(p);
      const policy = res.headers.get('permissions-policy') ?? '';
      expect(policy, p).toContain('geolocation=(self)');
      for (const off of ['camera=()', 'microphone=()', 'payment=()', 'usb=()', 'interest-cohort=()']) {
        expect(policy, p).toContain(off);
      }
      expect(res.headers.get('content-security-policy'), p).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
    }
  });

  describe('unknown paths', () => {
    it('serve the web app only at its own views', async () => {
      for (const p of ['/', '/planner', '/planner/', '/kiosk/lindmere-centre', '/admin/kiosks', '/?item=programs:x']) {
        const res = await app.request(p);
        expect(res.status, p).toBe(200);
        expect(await res.text(), p).toContain('<div id="root">');
      }
      expect((await app.request('/robots.txt')).status).toBe(200);
      expect((await app.request('/assets/app-1234.js')).status).toBe(200);
    });

    it('answer a real 404 elsewhere: HTML for browsers, JSON when asked', async () => {
      for (const p of ['/healthz', '/ready', '/wp-login.php', '/.env', '/planner/x/y', '/kiosk', '/api-docs', '/%3Cscript%3E']) {
        const html = await app.request(p, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
        expect(html.status, p).toBe(404);
        expect(html.headers.get('content-type'), p).toMatch(/^text\/html/);
        const body = await html.text();
        expect(body, p).not.toContain('<div id="root">');
        expect(body, p).not.toContain('<script');
        const json = await app.request(p, { headers: { accept: 'application/json' } });
        expect(json.status, p).toBe(404);
        expect(((await json.json()) as { error: { code: string } }).error.code).toBe('not_found');
      }
    });

    it('answer 404 for a missing asset, never the app HTML', async () => {
      for (const p of ['/assets/missing-abcd.js', '/assets/x.css', '/assets/']) {
        const res = await app.request(p);
        expect(res.status, p).toBe(404);
        expect(await res.text(), p).not.toContain('<div id="root">');
      }
    });

    it('answer 404 to other methods on non-API paths', async () => {
      const res = await app.request('/planner', { method: 'POST' });
      expect(res.status).toBe(404);
    });
  });
});

describe('edge: configuration', () => {
  it('validates PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://map.example.org/' }).PUBLIC_URL).toBe('https://map.example.org');
    expect(loadConfig({ PUBLIC_URL: 'https://example.org/commons' }).PUBLIC_URL).toBe('https://example.org/commons');
    for (const bad of ['ftp://example.org', 'javascript:alert(1)', 'example.org', 'https://u:p@example.org', 'https://example.org/?x=1']) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });

  it('knows the web app routes of web/main.tsx', () => {
    for (const p of ['/', '/planner', '/planner/', '/kiosk/a', '/admin/kiosks', '/admin', '/leaflet', '/leaflet/']) expect(isAppRoute(p), p).toBe(true);
    for (const p of ['/healthz', '/ready', '/kiosk', '/kiosk/a/b', '/planner/x', '/foo', '/leaflet/x']) expect(isAppRoute(p), p).toBe(false);
  });
});
