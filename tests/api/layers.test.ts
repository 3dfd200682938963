import type { FeatureCollection } from 'geojson';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { LAYERS } from '../../server/layers/registry.ts';
import { describeEachDatabase } from '../support/databases.ts';

type FC = FeatureCollection & { truncated: boolean };

/** residents' needs and proposals: none in the demo town (tests/api/needs.test.ts publishes some) */
const RESIDENTS_LAYERS: readonly string[] = ['needs', 'proposals'];

describeEachDatabase('GET /api/layers/{layer}', (ctx) => {
  it.each(LAYERS.filter((l) => !RESIDENTS_LAYERS.includes(l)))('serves %s as a FeatureCollection with ids and names', async (layer) => {
    const { status, body, headers } = await ctx.getJson<FC>(`/api/layers/${layer}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/geo+json');
    expect(body.type).toBe('FeatureCollection');
    expect(body.truncated).toBe(false);
    expect(body.features.length).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const f of body.features) {
      expect(f.type).toBe('Feature');
      expect(typeof f.id).toBe('string');
      expect(f.properties?.id).toBe(f.id);
      expect(f.properties?.name).toEqual(expect.any(String));
      expect(f.properties?.layer).toBe(layer);
      expect(f.geometry).not.toBeNull();
      ids.add(String(f.id));
    }
    expect(ids.size).toBe(body.features.length);
  });

  it('meets the demo town minimums', async () => {
    const count = async (layer: string) =>
      (await ctx.getJson<FC>(`/api/layers/${layer}`)).body.features.length;
    expect(await count('neighbourhoods')).toBeGreaterThanOrEqual(8);
    expect(await count('parks')).toBeGreaterThanOrEqual(40);
    expect(await count('gardens')).toBeGreaterThanOrEqual(25);
    expect(await count('centres')).toBeGreaterThanOrEqual(10);
    expect(await count('programs')).toBeGreaterThanOrEqual(150);
    expect(await count('degraded-zones')).toBe(2);
  });

  it('keeps to the bbox', async () => {
    const all = (await ctx.getJson<FC>('/api/layers/gardens')).body.features;
    const xs = all.map((f) => (f.geometry as GeoJSON.Point).coordinates);
    const lons = xs.map((c) => c[0] as number).sort((a, b) => a - b);
    const lats = xs.map((c) => c[1] as number).sort((a, b) => a - b);
    // the south-west quarter of the gardens' extent
    const midLon = lons[Math.floor(lons.length / 2)] as number;
    const midLat = lats[Math.floor(lats.length / 2)] as number;
    const bbox = [lons[0] as number, lats[0] as number, midLon, midLat];
    const inside = all.filter((f) => {
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates as [number, number];
      return x >= bbox[0]! && x <= bbox[2]! && y >= bbox[1]! && y <= bbox[3]!;
    });
    const { body } = await ctx.getJson<FC>(`/api/layers/gardens?bbox=${bbox.join(',')}`);
    expect(body.features.map((f) => f.id).sort()).toEqual(inside.map((f) => f.id).sort());
    expect(inside.length).toBeLessThan(all.length);
  });

  it('cuts at the limit and says so', async () => {
    const { body } = await ctx.getJson<FC>('/api/layers/programs?limit=10');
    expect(body.features).toHaveLength(10);
    expect(body.truncated).toBe(true);
  });

  it('filters programs by category, audience and language', async () => {
    const { body } = await ctx.getJson<FC>('/api/layers/programs?audience=seniors&language=uk,ru');
    expect(body.features.length).toBeGreaterThan(0);
    for (const f of body.features) {
      expect(f.properties?.audiences).toContain('seniors');
      expect(((f.properties?.languages ?? []) as string[]).some((l) => l === 'uk' || l === 'ru')).toBe(true);
    }
    const all = (await ctx.getJson<FC>('/api/layers/programs')).body.features;
    const expected = all.filter(
      (f) =>
        ((f.properties?.audiences ?? []) as string[]).includes('seniors') &&
        ((f.properties?.languages ?? []) as string[]).some((l) => l === 'uk' || l === 'ru'),
    );
    expect(body.features.length).toBe(expected.length);
    const garden = await ctx.getJson<FC>('/api/layers/programs?category=gardening');
    expect(garden.body.features.length).toBeGreaterThan(0);
    for (const f of garden.body.features) expect(f.properties?.categories).toContain('gardening');
  });

  it('gives names in the requested language, falling back to the default', async () => {
    const en = (await ctx.getJson<FC>('/api/layers/programs')).body.features;
    const he = (await ctx.getJson<FC>('/api/layers/programs?lang=he')).body.features;
    const byId = new Map(en.map((f) => [f.id, f.properties?.name]));
    const hebrew = he.filter((f) => /[\u0590-\u05FF]/.test(String(f.properties?.name)));
    expect(hebrew.length).toBeGreaterThan(0);
    for (const f of he) expect(byId.has(f.id)).toBe(true);
    const zz = (await ctx.getJson<FC>('/api/layers/programs?lang=zz')).body.features;
    expect(zz.map((f) => f.properties?.name)).toEqual(en.map((f) => f.properties?.name));
  });

  it.each([
    ['/api/layers/swimming-pools', 'layer'],
    ['/api/layers/gardens?bbox=1,2,3', 'bbox'],
    ['/api/layers/gardens?bbox=10,10,5,5', 'bbox'],
    ['/api/layers/gardens?bbox=-200,0,0,10', 'bbox'],
    ['/api/layers/gardens?bbox=a,b,c,d', 'bbox'],
    ['/api/layers/programs?limit=0', 'limit'],
    ['/api/layers/programs?limit=1000000000', 'limit'],
    ['/api/layers/programs?category=gardening%27%3B%20DROP%20TABLE%20place%3B--', 'category'],
    ['/api/layers/programs?audience=aliens', 'audience'],
    ['/api/layers/programs?language=english', 'language'],
    ['/api/layers/programs?lang=%27%20OR%201%3D1', 'lang'],
    ['/api/layers/programs?tenant=Robert%27);DROP', 'tenant'],
  ])('rejects %s with a 400 naming %s', async (url, param) => {
    const { status, body } = await ctx.getJson<{ error: { code: string; message: string } }>(url);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(param);
  });

  it('gives each place with a footprint its symbol point on that footprint (its anchor: ST_PointOnSurface; issue 14)', async () => {
    const parks = (await ctx.getJson<FC>('/api/layers/parks')).body.features;
    const footprints = parks.filter((f) => f.geometry.type !== 'Point');
    expect(footprints.length).toBeGreaterThan(0);
    // on the footprint (to the metre: the API rounds to 6 decimals)
    const { rows } = await sql<{ id: string }>`
      SELECT d.id::text AS id
      FROM unnest(${footprints.map((f) => String(f.id))}::uuid[], ${footprints.map((f) => Number(f.properties?.lon))}::float8[],
                  ${footprints.map((f) => Number(f.properties?.lat))}::float8[]) AS d(id, lon, lat)
      JOIN place p ON p.id = d.id
      WHERE ST_DWithin(p.geom::geography, ST_SetSRID(ST_MakePoint(d.lon, d.lat), 4326)::geography, 1)`.execute(ctx.database.db);
    expect(rows.length).toBe(footprints.length);
  });

  it('answers 404 for an unknown tenant', async () => {
    const { status, body } = await ctx.getJson<{ error: { message: string } }>(
      '/api/layers/parks?tenant=atlantis',
    );
    expect(status).toBe(404);
    expect(body.error.message).toContain('atlantis');
  });
});
