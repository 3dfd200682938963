import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';

describeEachDatabase('service endpoints', (ctx) => {
  it('GET /api/health reports the database', async () => {
    const { status, body } = await ctx.getJson<{
      status: string;
      database: string;
      postgis: string;
      tenants: number;
    }>('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toBe(ctx.kind);
    expect(body.postgis).toMatch(/^3\./);
    expect(body.tenants).toBe(1);
  });

  it('GET /api/config gives the tenant and the offline style', async () => {
    const { body } = await ctx.getJson<{ tenant: { slug: string; bbox: number[] }; mapStyleUrl: string }>(
      '/api/config',
    );
    expect(body.tenant.slug).toMatch(/^[a-z0-9-]+$/);
    expect(body.tenant.bbox).toHaveLength(4);
    expect(body.mapStyleUrl).toBe('/api/basemap/style.json');
  });

  it('serves a valid offline basemap style whose sources all resolve', async () => {
    const { status, body } = await ctx.getJson<{
      sources: Record<string, { type: string; data?: unknown; tiles?: string[] }>;
    }>('/api/basemap/style.json');
    expect(status).toBe(200);
    expect(validateStyleMin(body as never)).toEqual([]);
    expect(Object.keys(body.sources).length).toBeGreaterThan(0);
    for (const [name, src] of Object.entries(body.sources)) {
      if (src.type === 'vector') {
        // the basemap's vector tiles (issue 14): made by this API from the tenant's data
        for (const template of src.tiles ?? []) {
          const url = new URL(template.replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'));
          expect(url.hostname).toBe('localhost'); // nothing from the internet
          const res = await ctx.app.request(url.pathname + url.search);
          expect(res.status, url.pathname).toBe(200);
          expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
        }
        continue;
      }
      expect(src.type, name).toBe('geojson');
      const url = new URL(String(src.data));
      expect(url.hostname).toBe('localhost'); // nothing from the internet
      const res = await ctx.getJson<{ type: string; features: unknown[] }>(url.pathname + url.search);
      expect(res.status, url.pathname).toBe(200);
      expect(res.body.type).toBe('FeatureCollection');
    }
  });

  it('serves streets and water of the town', async () => {
    const streets = await ctx.getJson<{
      features: { geometry: { type: string }; properties: { highway: string } }[];
    }>('/api/basemap/streets.geojson');
    expect(streets.body.features.length).toBeGreaterThan(50);
    expect(streets.body.features[0]?.geometry.type).toMatch(/LineString/);
    const water = await ctx.getJson<{ features: unknown[] }>('/api/basemap/water.geojson');
    expect(water.body.features.length).toBeGreaterThan(0);
  });

  it('publishes an OpenAPI 3.1 document of the API', async () => {
    const { status, body } = await ctx.getJson<{ openapi: string; paths: Record<string, unknown> }>(
      '/api/openapi.json',
    );
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    for (const p of ['/health', '/layers/{layer}', '/nearby', '/opportunities/{id}', '/places/{id}']) {
      expect(Object.keys(body.paths)).toContain(p);
    }
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const { status, body } = await ctx.getJson<{ error: { code: string } }>('/api/nope');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});
