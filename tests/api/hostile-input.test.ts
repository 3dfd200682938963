/**
 * Issue 10, defects 6, 8 and the lone CR of 9, on both databases: whatever a caller sends, the
 * answer is a 2xx or a 4xx naming the parameter — never a 500 — and no GET writes anything.
 * (The broad fast-check properties live in tests/fuzz; these are the named regressions.)
 */
import { Hono } from 'hono';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { errorBody, toErrorResponse } from '../../server/http/errors.ts';
import { createLogger } from '../../server/logger.ts';
import { icsText } from '../../server/opportunities/calendar.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';

type Err = { error: { code: string; message: string } };
const LONG = 'a'.repeat(100 * 1024);

describeEachDatabase('hostile input', (ctx) => {
  const expect400 = async (path: string, names: RegExp) => {
    const { status, body } = await ctx.getJson<Err>(path);
    expect(status, path).toBe(400);
    expect(body.error.message, path).toMatch(names);
  };
  const anId = async () =>
    (await ctx.getJson<{ items: { id: string }[] }>('/api/opportunities?limit=1')).body.items[0]
      ?.id as string;

  it('refuses a NUL byte or a control character in text with a 400 naming q', async () => {
    await expect400('/api/search?q=%00', /^q[: ]/);
    await expect400('/api/search?q=ab%00', /q must not contain control characters/);
    await expect400('/api/opportunities?q=ab%00', /q must not contain control characters/);
    await expect400('/api/opportunities?q=a%1Bb', /q must not contain control characters/);
  });

  it('takes right-to-left marks and other scripts as ordinary text', async () => {
    expect((await ctx.getJson('/api/search?q=%E2%80%8Fגן')).status).toBe(200);
    expect((await ctx.getJson('/api/opportunities?q=%E2%80%AE%D7%92%D7%9F')).status).toBe(200);
  });

  it('refuses 100 KB strings in every parameter, naming it', async () => {
    for (const [path, name] of [
      [`/api/search?q=${LONG}`, /q must be at most/],
      [`/api/opportunities?q=${LONG}`, /q must be at most/],
      [`/api/opportunities?category=${LONG}`, /category/],
      [`/api/opportunities?language=${LONG}`, /language/],
      [`/api/opportunities?bbox=${LONG}`, /bbox/],
      [`/api/layers/parks?bbox=${LONG}`, /bbox/],
      [`/api/layers/programs?audience=${LONG}`, /audience/],
      [`/api/nearby?lon=3.5&lat=54.5&language=${LONG}`, /language/],
      [`/api/search?q=park&lang=${LONG}`, /lang/],
      [`/api/kiosks?tenant=${LONG}`, /tenant/],
      [`/api/planner/neighbourhoods?set=${LONG}`, /set/],
    ] as const) {
      await expect400(path, name);
    }
  });

  it('refuses NaN, Infinity, 1e308 and huge radii and limits, naming the parameter', async () => {
    for (const [path, name] of [
      ['/api/nearby?lon=NaN&lat=54.5', /lon/],
      ['/api/nearby?lon=Infinity&lat=54.5', /lon/],
      ['/api/nearby?lon=3.5&lat=1e308', /lat/],
      ['/api/nearby?lon=3.5&lat=54.5&radius_m=1e308', /radius_m/],
      ['/api/nearby?lon=3.5&lat=54.5&limit=1e308', /limit/],
      ['/api/opportunities?lon=-Infinity&lat=54.5', /lon/],
      ['/api/opportunities?lon=3.5&lat=54.5&radius_m=1e9', /radius_m/],
      ['/api/layers/parks?limit=1e308', /limit/],
      ['/api/layers/parks?bbox=NaN,0,1,1', /bbox/],
      ['/api/layers/parks?bbox=-1e308,-90,1e308,90', /bbox/],
      ['/api/planner/neighbourhoods?minutes=1e308', /minutes/],
      ['/api/planner/neighbourhoods?w_gap=Infinity', /w_gap/],
    ] as const) {
      await expect400(path, name);
    }
  });

  it('refuses a far-future occurrence and out-of-reach dates with a 400', async () => {
    const id = await anId();
    await expect400(
      `/api/opportunities/${id}/calendar.ics?occurrence=%2B275760-09-13T00:00:00Z`,
      /occurrence must be within/,
    );
    await expect400(`/api/opportunities/${id}/calendar.ics?occurrence=${LONG}`, /occurrence/);
    await expect400('/api/opportunities?from=0001-01-01', /from must be within/);
  });

  it('answers a world-sized what-if polygon with a 400, not a 500', async () => {
    const world = [
      [
        [-180, -90],
        [180, -90],
        [180, 90],
        [-180, 90],
        [-180, -90],
      ],
    ];
    const res = await ctx.app.request('/api/planner/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: 'parks', geometry: { type: 'Polygon', coordinates: world } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Err).error.code).toBe('bad_request');
  });

  it('writes a lone CR, CRLF and control characters into .ics text so that a parser reads them back', async () => {
    const id = await anId();
    const title = 'Line one\rline two\r\nline three\nend; a, b \\ c\u0007\u001b done';
    await sql`UPDATE opportunity SET title = jsonb_build_object('en', ${title}::text) WHERE id = ${id}::uuid`.execute(
      ctx.database.db,
    );
    const res = await ctx.app.request(`/api/opportunities/${id}/calendar.ics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    // every line of the file ends in CRLF: no bare CR or LF inside a line
    expect(text.split('\r\n').every((l) => !/[\r\n]/.test(l))).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
    const summary = cal.getFirstSubcomponent('vevent')?.getFirstPropertyValue('summary');
    expect(summary).toBe('Line one\nline two\nline three\nend; a, b \\ c done');
  });
});

describeEachDatabase('GETs never write, stored fields are bounded', (ctx) => {
  const count = async (table: 'access_set' | 'access_state') =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(ctx.database.db))
        .rows[0]?.n,
    );

  it('answers a planner set nobody stored without storing it', async () => {
    const before = await count('access_set');
    for (const lang of ['xx', 'zzz', 'qq']) {
      const { status } = await ctx.getJson(`/api/planner/neighbourhoods?set=programs:language=${lang}`);
      expect(status).toBe(200);
    }
    const { status } = await ctx.getJson(
      '/api/planner/neighbourhoods?set=programs:audience=seniors,language=uk',
    );
    expect(status).toBe(200);
    expect(await count('access_set')).toBe(before);
  });

  it('bounds the kiosk configuration an admin may store, and its body', async () => {
    const TOKEN = 'kiosk-admin-token';
    const put = (body: string) =>
      testApp(ctx.database, { ADMIN_TOKEN: TOKEN }).request('/api/admin/kiosks/lobby', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body,
      });
    const base = { centre: 'kestrel-rise-community-centre' };
    const repeated = await put(JSON.stringify({ ...base, languages: Array(7).fill('en') }));
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as Err).error.message).toMatch(/languages/);
    const twice = await put(JSON.stringify({ ...base, languages: ['en', 'en'] }));
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as Err).error.message).toMatch(/must not repeat/);
    const layers = await put(JSON.stringify({ ...base, layers: ['parks', 'parks'] }));
    expect(layers.status).toBe(400);
    const surrogate = await put(JSON.stringify({ centre: 'kestrel\ud800' }));
    expect(surrogate.status).toBe(400);
    // the 50 MB languages array of the issue: refused by its size before it is parsed
    const huge = await put(
      `{"centre":"kestrel-rise-community-centre","languages":[${'"en",'.repeat(10_000_000)}"en"]}`,
    );
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as Err).error.code).toBe('payload_too_large');
    const k = await ctx.getJson<{ languages: string[] }>('/api/kiosks/kestrel-rise-community-centre');
    expect(k.body.languages.length).toBeLessThanOrEqual(6);
  });

  // last: it leaves the planner with nothing stored
  it('refuses, without computing or storing anything, when the planner has nothing stored', async () => {
    await sql`DELETE FROM access_set`.execute(ctx.database.db);
    await sql`DELETE FROM access_state`.execute(ctx.database.db);
    for (const path of [
      '/api/planner/neighbourhoods?set=parks',
      '/api/planner/neighbourhoods.csv?set=gardens',
    ]) {
      const { status, body } = await ctx.getJson<Err>(path);
      expect(status, path).toBe(503);
      expect(body.error.code).toBe('not_computed');
    }
    expect(await count('access_state')).toBe(0);
    expect(await count('access_set')).toBe(0);
  });
});

it('maps PostGIS geometry errors (XX000 from its error reporter) to 400, other internal errors to 500', async () => {
  const app = new Hono();
  const raise = (e: Record<string, unknown>) => () => {
    throw Object.assign(new Error(String(e.message)), e);
  };
  app.get(
    '/antipodal',
    raise({
      code: 'XX000',
      message: 'Antipodal (180deg long) edge detected',
      file: 'lwgeom_pg.c',
      routine: 'pg_error',
    }),
  );
  app.get(
    '/internal',
    raise({
      code: 'XX000',
      message: 'cache lookup failed for type 1',
      file: 'lsyscache.c',
      routine: 'getTypeOutputInfo',
    }),
  );
  app.get('/nul', raise({ code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' }));
  app.onError((err, c) => toErrorResponse(err, c, createLogger('silent')));
  const geometry = await app.request('/antipodal');
  expect(geometry.status).toBe(400);
  expect(await geometry.json()).toEqual(
    errorBody('bad_request', 'Invalid geometry: Antipodal (180deg long) edge detected'),
  );
  expect((await app.request('/internal')).status).toBe(500);
  expect((await app.request('/nul')).status).toBe(400);
});

it('escapes every line break of .ics text and drops other control characters', () => {
  expect(icsText('a\rb\r\nc\nd')).toBe('a\\nb\\nc\\nd');
  expect(icsText('x\u0000y\u0007z\tw')).toBe('xyz\tw');
  expect(icsText('a;b,c\\d')).toBe('a\\;b\\,c\\\\d');
});
