/**
 * The planner's API on the demo town, on both databases: the ranked table and its formula,
 * weights, exports, a neighbourhood's profile, the what-if of a new site (checked against
 * actually adding it), population units, and bad input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { recomputeAccess } from '../../server/analytics/recompute.ts';
import { runImport } from '../../server/import/run.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';

interface Row {
  id: string;
  name: string;
  population: number;
  within: number;
  share: number;
  score: number;
  rank: number;
  priority: string;
  population_source: string;
  centre: { lon: number; lat: number } | null;
  components: { gap: number; density: number; vulnerability: number };
}
interface Answer {
  method: string;
  formula: string;
  population_note: string;
  population_units: { neighbourhoods: number; of: number };
  network_share: number;
  threshold_m: number;
  neighbourhoods: Row[];
}

describeEachDatabase('planner API', (ctx) => {
  const table = (query = '') => ctx.getJson<Answer>(`/api/planner/neighbourhoods?${query}`);

  it('ranks every neighbourhood with its score, priority class, method and the formula', async () => {
    const { status, body } = await table('set=gardens');
    expect(status).toBe(200);
    // the demo town's walk graph is made of its streets when it is loaded
    expect(body.method).toBe('network');
    expect(body.network_share).toBeGreaterThan(0.95);
    expect(body.formula).toMatch(/score = 100/);
    expect(body.neighbourhoods).toHaveLength(9);
    const ranks = body.neighbourhoods.map((r) => r.rank);
    expect(ranks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const scores = body.neighbourhoods.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const r of body.neighbourhoods) {
      expect(['very-high', 'high', 'moderate', 'low', 'served']).toContain(r.priority);
      expect(r.components.gap).toBeCloseTo(1 - r.share, 2);
      expect(r.within).toBeLessThanOrEqual(r.population);
    }
    expect(body.neighbourhoods[0]?.priority).toBe('very-high');
  });

  it('follows the weights: the gap alone ranks by the share beyond reach', async () => {
    const { body } = await table('set=gardens&w_gap=1&w_density=0&w_vulnerability=0');
    for (const r of body.neighbourhoods) expect(r.score).toBeCloseTo(100 * (1 - r.share), 0);
    const shares = body.neighbourhoods.map((r) => r.share);
    expect([...shares].sort((a, b) => a - b)).toEqual(shares);
  });

  it('measures programs for seniors with their slower walk', async () => {
    const { body } = await table('set=programs:audience=seniors&audience=seniors');
    expect(body.threshold_m).toBe(600);
    const all = await table('set=programs:audience=seniors&audience=everyone');
    expect(all.body.threshold_m).toBe(800);
    const sum = (a: Answer) => a.neighbourhoods.reduce((s, r) => s + r.share, 0);
    expect(sum(body)).toBeLessThan(sum(all.body));
  });

  it('exports the table as CSV and GeoJSON', async () => {
    const csv = await ctx.app.request('/api/planner/neighbourhoods.csv?set=parks');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="access-parks-everyone-10min.csv"/,
    );
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(9);
    expect(Object.keys(rows[0] ?? {})).toEqual(
      expect.arrayContaining([
        'rank',
        'neighbourhood',
        'priority',
        'score',
        'share_within',
        'park_ha_per_1000',
      ]),
    );
    const gj = await ctx.app.request('/api/planner/neighbourhoods.geojson?set=parks');
    const fc = (await gj.json()) as GeoJSON.FeatureCollection & { metadata: { method: string } };
    expect(fc.features).toHaveLength(9);
    expect(fc.features[0]?.geometry.type).toMatch(/Polygon/);
    expect(fc.metadata.method).toBe('network');
    expect(fc.features[0]?.properties?.rank).toBe(1);
  });

  it("gives a neighbourhood's profile: ages, its sites, access per audience and per layer", async () => {
    const first = (await table('set=gardens')).body.neighbourhoods[0] as Row;
    const { status, body } = await ctx.getJson<{
      name: string;
      population_by_age: Record<string, number>;
      by_audience: { audience: string; share: number }[];
      by_layer: { layer: string; sites: number; share: number }[];
      site_list: { name: string }[];
      sites: number;
    }>(`/api/planner/neighbourhoods/${first.id}?set=gardens`);
    expect(status).toBe(200);
    expect(body.name).toBe(first.name);
    expect(Object.keys(body.population_by_age)).toContain('65-79');
    expect(body.by_audience.map((a) => a.audience)).toContain('seniors');
    expect(body.by_layer.map((l) => l.layer)).toEqual([
      'parks',
      'gardens',
      'centres',
      'playgrounds',
      'libraries',
      'programs',
    ]);
    expect(body.site_list).toHaveLength(body.sites);
    expect(
      (await ctx.getJson('/api/planner/neighbourhoods/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });

  it('tells what a new garden would change, exactly as adding it does', async () => {
    const before = (await table('set=gardens')).body;
    const target = before.neighbourhoods[0] as Row;
    const at = target.centre as { lon: number; lat: number };
    const res = await ctx.app.request('/api/planner/what-if', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: 'gardens', geometry: { type: 'Point', coordinates: [at.lon, at.lat] } }),
    });
    expect(res.status).toBe(200);
    const w = (await res.json()) as {
      neighbourhoods: { id: string; audiences: Record<string, { newly: number; after_share: number }> }[];
      totals: Record<string, { newly: number }>;
    };
    const hit = w.neighbourhoods.find((n) => n.id === target.id);
    expect(hit?.audiences.everyone?.newly).toBeGreaterThan(0);
    expect(w.totals.seniors?.newly).toBeGreaterThan(0);

    // now add it for real, in a copy of the database, and recompute
    const db = ctx.database.db;
    await db.transaction().execute(async (trx) => {
      await sql`
        INSERT INTO place (tenant_id, kind, name, source, source_id, geom, anchor)
        SELECT 1, 'community_garden', 'What-if garden', 'test', 'what-if', p, p
        FROM (SELECT ST_SetSRID(ST_MakePoint(${at.lon}, ${at.lat}), 4326) AS p) s`.execute(trx);
    });
    await recomputeAccess(db, 1);
    const after = (await ctx.getJson<Answer>('/api/planner/neighbourhoods?set=gardens')).body;
    for (const n of w.neighbourhoods) {
      const row = after.neighbourhoods.find((r) => r.id === n.id) as Row;
      expect(row.share).toBeCloseTo(n.audiences.everyone?.after_share ?? -1, 3);
    }
    await sql`DELETE FROM place WHERE source = 'test'`.execute(db);
    await recomputeAccess(db, 1);
  });

  it('accepts a drawn polygon, and refuses what is not a usable site', async () => {
    const post = (body: unknown) =>
      ctx.app.request('/api/planner/what-if', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = (await table('set=parks')).body.neighbourhoods[0] as Row;
    const { lon, lat } = first.centre as { lon: number; lat: number };
    const d = 0.002;
    const square = [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ];
    expect((await post({ set: 'parks', geometry: { type: 'Polygon', coordinates: square } })).status).toBe(
      200,
    );
    const open = await post({
      set: 'parks',
      geometry: { type: 'Polygon', coordinates: [square[0]?.slice(0, 4)] },
    });
    expect(open.status).toBe(400);
    expect(JSON.stringify(await open.json())).toMatch(/ring must end where it starts|at least 4/);
    const far = await post({ set: 'parks', geometry: { type: 'Point', coordinates: [0, 0] } });
    expect(far.status).toBe(400);
    expect(JSON.stringify(await far.json())).toMatch(/more than 5 km/);
    const bowtie = [
      [
        [lon - d, lat - d],
        [lon + d, lat + d],
        [lon + d, lat - d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ];
    const bad = await post({ set: 'parks', geometry: { type: 'Polygon', coordinates: bowtie } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/not a valid Polygon/);
    expect(
      (
        await post({
          set: 'parks',
          geometry: {
            type: 'LineString',
            coordinates: [
              [lon, lat],
              [lon + d, lat],
            ],
          },
        })
      ).status,
    ).toBe(400);
  });

  it('names the problem in bad requests', async () => {
    for (const [q, msg] of [
      ['set=swimming-pools', /layer/],
      ['set=parks:audience=seniors', /only programs/],
      ['set=programs:colour=red', /colour=red/],
      ['minutes=0', /minutes/],
      ['audience=aliens', /audience/],
      ['w_gap=-1', /w_gap/],
      ['minutes=40&audience=youth', /beyond the 3000 m computed/],
    ] as const) {
      const { status, body } = await ctx.getJson<{ error: { message: string } }>(
        `/api/planner/neighbourhoods?${q}`,
      );
      expect(status, q).toBe(400);
      expect(body.error.message, q).toMatch(msg);
    }
  });

  it('keeps recompute for admins', async () => {
    // without any credentials: 401 (before accounts, a server without ADMIN_TOKEN answered 503)
    expect((await ctx.app.request('/api/admin/analytics/recompute', { method: 'POST' })).status).toBe(401);
    const app = testApp(ctx.database, { ADMIN_TOKEN: 'secret-token-123' });
    expect((await app.request('/api/admin/analytics/recompute', { method: 'POST' })).status).toBe(401);
    const ok = await app.request('/api/admin/analytics/recompute', {
      method: 'POST',
      headers: { authorization: 'Bearer secret-token-123' },
    });
    expect(ok.status).toBe(200);
  });

  it('places residents by population units where they have been imported, and says so', async () => {
    const first = (await table('set=gardens')).body.neighbourhoods.find(
      (r) => r.name === 'Old Harbour',
    ) as Row;
    const { lon, lat } = first.centre as { lon: number; lat: number };
    const d = 0.001;
    const unit = (id: string, dx: number, population: number) => ({
      type: 'Feature',
      properties: { id, name: id, population },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon + dx - d, lat - d],
            [lon + dx + d, lat - d],
            [lon + dx + d, lat + d],
            [lon + dx - d, lat + d],
            [lon + dx - d, lat - d],
          ],
        ],
      },
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-units-')), 'blocks.geojson');
    fs.writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [unit('b1', -0.004, 700), unit('b2', 0.004, 300)],
      }),
    );
    const report = await runImport(ctx.database.db, {
      format: 'geojson',
      path: file,
      layer: 'population-units',
      recomputeAccess: true,
    });
    expect(report.layers['population-units']?.inserted).toBe(2);
    const after = (await table('set=gardens')).body;
    const row = after.neighbourhoods.find((r) => r.name === 'Old Harbour') as Row;
    expect(row.population_source).toBe('units');
    expect(row.population).toBe(1000);
    expect(after.population_note).toMatch(/1 of 9 neighbourhoods/);
    // and the figures behind the note, for a client that words it in another language
    expect(after.population_units).toEqual({ neighbourhoods: 1, of: 9 });
    // the other neighbourhoods keep their census population spread evenly
    expect(after.neighbourhoods.filter((r) => r.population_source === 'uniform')).toHaveLength(8);
  });
});
