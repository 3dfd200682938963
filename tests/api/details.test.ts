import type { FeatureCollection } from 'geojson';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';

interface Opportunity {
  id: string;
  title: string;
  title_lang: string;
  titles: Record<string, string>;
  schedule: { dtstart: string; rrule: string | null; timezone: string } | null;
  next_occurrences: { start: string; end: string }[];
  place: { id: string; name: string; layer: string } | null;
  lon: number;
  lat: number;
}

describeEachDatabase('details', (ctx) => {
  let programs: FeatureCollection;
  beforeAll(async () => {
    programs = (await ctx.getJson<FeatureCollection>('/api/layers/programs')).body;
  });

  it('GET /api/opportunities/{id} gives the detail with the next occurrences', async () => {
    let recurring = 0;
    for (const f of programs.features.slice(0, 40)) {
      const { status, body } = await ctx.getJson<Opportunity>(`/api/opportunities/${f.id}`);
      expect(status).toBe(200);
      expect(body.id).toBe(f.id);
      expect(body.title).toBe(f.properties?.name);
      const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates as [number, number];
      expect(body.lon).toBeCloseTo(lon, 5);
      expect(body.lat).toBeCloseTo(lat, 5);
      if (body.schedule?.rrule) {
        recurring += 1;
        expect(body.next_occurrences.length).toBeGreaterThan(0);
        const starts = body.next_occurrences.map((o) => Date.parse(o.start));
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
        for (const o of body.next_occurrences) {
          expect(o.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
          expect(Date.parse(o.end)).toBeGreaterThan(Date.parse(o.start));
          expect(Date.parse(o.end)).toBeGreaterThan(Date.now());
        }
      }
      if (f.properties?.place_id) {
        expect(body.place?.id).toBe(f.properties.place_id);
        expect(body.place?.name).toBe(f.properties.place_name);
      }
    }
    expect(recurring).toBeGreaterThan(0);
  });

  it('falls back to the default language and says so', async () => {
    const f = programs.features[0]!;
    const { body } = await ctx.getJson<Opportunity>(`/api/opportunities/${f.id}?lang=he`);
    expect(body.title_lang).toBe(body.titles.he ? 'he' : 'en');
    const missing = await ctx.getJson<Opportunity>(`/api/opportunities/${f.id}?lang=ja`);
    expect(missing.body.title_lang).not.toBe('ja');
  });

  it('GET /api/places/{id} gives a place with what happens there', async () => {
    const centres = (await ctx.getJson<FeatureCollection>('/api/layers/centres')).body;
    const f = centres.features[0]!;
    const { status, body } = await ctx.getJson<{
      id: string;
      name: string;
      layer: string;
      opportunities: unknown[];
    }>(`/api/places/${f.id}`);
    expect(status).toBe(200);
    expect(body.name).toBe(f.properties?.name);
    expect(body.layer).toBe('centres');
    const atCentre = programs.features.filter((p) => p.properties?.place_id === f.id);
    expect(body.opportunities).toHaveLength(atCentre.length);
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/api/opportunities/${unknown}`, `/api/places/${unknown}`]) {
      const { status, body } = await ctx.getJson<{ error: { code: string; message: string } }>(path);
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toContain(unknown);
    }
    const bad = await ctx.getJson<{ error: { message: string } }>("/api/opportunities/1' OR '1'='1");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('id');
    // a garden's id is not an opportunity's
    const gardens = (await ctx.getJson<FeatureCollection>('/api/layers/gardens')).body;
    expect((await ctx.getJson(`/api/opportunities/${gardens.features[0]!.id}`)).status).toBe(404);
  });
});
