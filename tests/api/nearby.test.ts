/**
 * Near-me search, checked against an independent computation with turf: for a set of query
 * points, every feature of the four layers is measured in JS and the k nearest within the
 * radius must be what the API returns, each distance within 0.5 %.
 */
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';

interface Item {
  id: string;
  layer: string;
  name: string;
  kind: string;
  distance_m: number;
  lon: number;
  lat: number;
}

const LAYERS = ['gardens', 'parks', 'centres', 'programs'] as const;

function turfDistance(from: [number, number], f: Feature): number {
  const g = f.geometry;
  if (g.type === 'Point') return turf.distance(from, g.coordinates as [number, number], { units: 'meters' });
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const d = turf.pointToPolygonDistance(from, f as Feature<Polygon | MultiPolygon>, { units: 'meters' });
    return Math.max(0, d); // negative inside
  }
  throw new Error(`unexpected geometry ${g.type}`);
}

describeEachDatabase('GET /api/nearby', (ctx) => {
  const features: { layer: string; f: Feature }[] = [];
  let bbox: number[] = [];
  beforeAll(async () => {
    for (const layer of LAYERS) {
      const { body } = await ctx.getJson<FeatureCollection>(`/api/layers/${layer}`);
      for (const f of body.features) features.push({ layer, f });
    }
    const cfg = await ctx.getJson<{ tenant: { bbox: number[] } }>('/api/config');
    bbox = cfg.body.tenant.bbox;
  });

  function queryPoints(n: number): [number, number][] {
    // a deterministic spread of points over the town
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const fx = ((i * 0.618034) % 1) * 0.8 + 0.1;
      const fy = ((i * 0.414214 + 0.3) % 1) * 0.8 + 0.1;
      pts.push([bbox[0]! + fx * (bbox[2]! - bbox[0]!), bbox[1]! + fy * (bbox[3]! - bbox[1]!)]);
    }
    return pts;
  }

  it('agrees with turf to within 0.5 % and returns the true k nearest', async () => {
    const radius = 1200;
    const k = 15;
    let compared = 0;
    for (const pt of queryPoints(12)) {
      const { status, body } = await ctx.getJson<Item[]>(
        `/api/nearby?lon=${pt[0]}&lat=${pt[1]}&radius_m=${radius}&limit=${k}`,
      );
      expect(status).toBe(200);
      const expected = features
        .map(({ layer, f }) => ({ id: String(f.id), layer, d: turfDistance(pt, f) }))
        .filter((e) => e.d <= radius * 0.995)
        .sort((a, b) => a.d - b.d);
      const byId = new Map(features.map(({ f }) => [String(f.id), f]));
      for (const item of body) {
        const f = byId.get(item.id);
        expect(f, `${item.id} is a feature of ${item.layer}`).toBeDefined();
        const d = turfDistance(pt, f as Feature);
        expect(Math.abs(item.distance_m - d)).toBeLessThanOrEqual(Math.max(0.005 * d, 1));
        expect(item.distance_m).toBeLessThanOrEqual(radius);
        compared += 1;
      }
      // sorted by distance
      for (let i = 1; i < body.length; i++)
        expect(body[i]!.distance_m).toBeGreaterThanOrEqual(body[i - 1]!.distance_m);
      // the same set as the brute force, up to ties at the boundary (0.5 % tolerance)
      const got = new Set(body.map((b) => b.id));
      const boundary = body.length === k ? Math.min(radius, body[k - 1]!.distance_m) : radius;
      const mustHave = expected.filter((e) => e.d < boundary * 0.995);
      for (const e of mustHave) expect(got.has(e.id), `missing ${e.layer} ${e.id} at ${e.d} m`).toBe(true);
      expect(body.length).toBeLessThanOrEqual(k);
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('gives each item id, layer, name, distance_m, lon and lat', async () => {
    const [pt] = queryPoints(1) as [[number, number]];
    const { body, headers } = await ctx.getJson<Item[]>(
      `/api/nearby?lon=${pt[0]}&lat=${pt[1]}&radius_m=3000`,
    );
    expect(body.length).toBeGreaterThan(0);
    expect(headers.get('x-distance-method')).toBe('straight-line');
    for (const item of body) {
      expect(Object.keys(item).sort()).toEqual(['distance_m', 'id', 'kind', 'lat', 'layer', 'lon', 'name']);
      expect(LAYERS).toContain(item.layer);
      expect(item.name.length).toBeGreaterThan(0);
    }
  });

  it('filters by audience and language (programs only) and by category (places of that category too)', async () => {
    const [pt] = queryPoints(3).slice(2) as [[number, number]];
    const base = `/api/nearby?lon=${pt[0]}&lat=${pt[1]}&radius_m=20000&limit=200`;
    const programs = new Map(
      features.filter((x) => x.layer === 'programs').map(({ f }) => [String(f.id), f]),
    );

    const seniors = (await ctx.getJson<Item[]>(`${base}&audience=seniors`)).body;
    expect(seniors.length).toBeGreaterThan(0);
    const expectedSeniors = [...programs.values()].filter((f) =>
      ((f.properties?.audiences ?? []) as string[]).includes('seniors'),
    );
    expect(seniors.length).toBe(Math.min(200, expectedSeniors.length));
    for (const s of seniors) {
      expect(s.layer).toBe('programs');
      expect(programs.get(s.id)?.properties?.audiences).toContain('seniors');
    }

    const ukrainian = (await ctx.getJson<Item[]>(`${base}&language=uk`)).body;
    expect(ukrainian.length).toBeGreaterThan(0);
    for (const s of ukrainian) expect(programs.get(s.id)?.properties?.languages).toContain('uk');

    const gardening = (await ctx.getJson<Item[]>(`${base}&category=gardening`)).body;
    expect(new Set(gardening.map((g) => g.layer))).toEqual(new Set(['gardens', 'programs']));
    for (const g of gardening.filter((x) => x.layer === 'programs')) {
      expect(programs.get(g.id)?.properties?.categories).toContain('gardening');
    }

    const onlyParks = (await ctx.getJson<Item[]>(`${base}&layers=parks`)).body;
    expect(onlyParks.length).toBeGreaterThan(0);
    expect(new Set(onlyParks.map((g) => g.layer))).toEqual(new Set(['parks']));
  });

  it('returns an empty list far from everything', async () => {
    const { status, body } = await ctx.getJson<Item[]>('/api/nearby?lon=-150&lat=-60&radius_m=5000');
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it.each([
    ['/api/nearby?lat=54', 'lon'],
    ['/api/nearby?lon=3&lat=95', 'lat'],
    ['/api/nearby?lon=181&lat=0', 'lon'],
    ['/api/nearby?lon=abc&lat=1', 'lon'],
    ['/api/nearby?lon=3&lat=54&radius_m=1000000000', 'radius_m'],
    ['/api/nearby?lon=3&lat=54&radius_m=-5', 'radius_m'],
    ['/api/nearby?lon=3&lat=54&limit=100000', 'limit'],
    ['/api/nearby?lon=3&lat=54&layers=pubs', 'layers'],
    ['/api/nearby?lon=3;DROP TABLE place&lat=54', 'lon'],
  ])('rejects %s with a 400 naming %s', async (url, param) => {
    const { status, body } = await ctx.getJson<{ error: { message: string; details: unknown } }>(url);
    expect(status).toBe(400);
    expect(body.error.message).toContain(param);
  });
});
