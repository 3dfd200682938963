/**
 * The planner's figures for Vancouver, on both databases, against computations made here with
 * turf straight from the open-data files: community gardens and park hectares per 10 000
 * residents, and the straight-line 800 m coverage of one neighbourhood.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import { parse } from 'csv-parse/sync';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { recomputeAccess } from '../../server/analytics/recompute.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { sharedDataAvailable, vancouver } from '../support/shared-data.ts';

type Area = Feature<Polygon | MultiPolygon, { name: string }>;
const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);
const read = <T>(file: string) => JSON.parse(fs.readFileSync(vancouver(file), 'utf8')) as T;

/** the census population of a local area, by its column in the census file */
function censusPopulation(column: string): number {
  const rows = parse(
    new TextDecoder('latin1').decode(fs.readFileSync(vancouver('CensusLocalAreaProfiles2016.csv'))),
    {
      relax_column_count: true,
    },
  ) as string[][];
  const header = (rows[0] ?? []).map((h) => h.trim());
  const total = rows.find((r) => r[0]?.trim() === '1') ?? [];
  return Number((total[header.indexOf(column)] ?? '').replace(/,/g, ''));
}

const CASES = [
  { name: 'Strathcona', column: 'Strathcona', gardensPer10k: 7.95 },
  { name: 'Downtown', column: 'Central Business District', gardensPer10k: 0.32 },
  { name: 'Kitsilano', column: 'Kitsilano', gardensPer10k: null },
];

interface Row {
  name: string;
  population: number;
  sites: number;
  sites_per_1000: number;
  park_ha: number;
  park_ha_per_1000: number;
  share: number;
}

const available = sharedDataAvailable('vancouver');
describe.skipIf(!available)('Vancouver open data', () => {
  const areas = available ? read<{ features: Area[] }>('local-area-boundary.geojson').features : [];
  const area = (name: string) => areas.find((a) => a.properties.name === name) as Area;
  const gardens = (
    available
      ? read<{ features: Feature<{ type: 'Point'; coordinates: number[] } | null>[] }>(
          'community-gardens-and-food-trees.geojson',
        ).features
      : []
  ).filter((f) => f.geometry) as Feature<{ type: 'Point'; coordinates: number[] }>[];
  const parks = available
    ? read<{ features: Feature<Polygon | MultiPolygon>[] }>('parks-polygon-representation.geojson').features
    : [];

  describeEachDatabase('Vancouver access', (ctx) => {
    const rows = new Map<string, Row>();
    const imp = (format: 'tenant' | 'geojson' | 'census', file: string, mapping: string) =>
      runImport(ctx.database.db, { format, path: file, tenant: 'vancouver', mapping });

    beforeAll(async () => {
      await imp('tenant', M('tenant'), M('tenant'));
      await imp('geojson', vancouver('local-area-boundary.geojson'), M('local-areas'));
      await imp('census', vancouver('CensusLocalAreaProfiles2016.csv'), M('census-2016'));
      await imp('geojson', vancouver('parks-polygon-representation.geojson'), M('parks'));
      await imp('geojson', vancouver('community-gardens-and-food-trees.geojson'), M('community-gardens'));
      const t = await ctx.database.db
        .selectFrom('tenant')
        .select('id')
        .where('slug', '=', 'vancouver')
        .executeTakeFirstOrThrow();
      await recomputeAccess(ctx.database.db, t.id);
      const gardensAnswer = await ctx.getJson<{ neighbourhoods: Row[] }>(
        '/api/planner/neighbourhoods?tenant=vancouver&set=gardens',
      );
      expect(gardensAnswer.status).toBe(200);
      for (const r of gardensAnswer.body.neighbourhoods) rows.set(r.name, r);
    }, 240_000);

    it('counts community gardens per 10 000 residents as the files do (Strathcona 7.95, Downtown 0.32)', () => {
      for (const c of CASES) {
        const row = rows.get(c.name) as Row;
        const inside = gardens.filter((g) =>
          turf.booleanPointInPolygon(g.geometry.coordinates, area(c.name)),
        ).length;
        const expected = (inside / censusPopulation(c.column)) * 10_000;
        expect(row.population).toBe(censusPopulation(c.column));
        expect(row.sites).toBe(inside);
        expect(row.sites_per_1000 * 10).toBeCloseTo(expected, 2);
        if (c.gardensPer10k !== null) expect(row.sites_per_1000 * 10).toBeCloseTo(c.gardensPer10k, 2);
      }
    });

    it('measures park hectares per 10 000 residents as the parks clipped to each neighbourhood', () => {
      for (const c of CASES) {
        const row = rows.get(c.name) as Row;
        let m2 = 0;
        for (const p of parks) {
          if (!turf.booleanIntersects(p, area(c.name))) continue;
          const piece = turf.intersect(turf.featureCollection([p, area(c.name)]));
          if (piece) m2 += turf.area(piece);
        }
        const ha = m2 / 10_000;
        expect(ha).toBeGreaterThan(1);
        // spheroid (PostGIS geography) against sphere (turf): a few tenths of a percent apart
        expect(Math.abs(row.park_ha - ha) / ha).toBeLessThan(0.01);
        expect(
          Math.abs(row.park_ha_per_1000 * 10 - (ha / censusPopulation(c.column)) * 10_000) /
            ((ha / censusPopulation(c.column)) * 10_000),
        ).toBeLessThan(0.01);
      }
    });

    it('gives the straight-line 800 m share of Strathcona within a point of the exact geometric share', () => {
      const strathcona = area('Strathcona');
      const circles = gardens
        .filter(
          (g) => turf.distance(g.geometry.coordinates, turf.centroid(strathcona), { units: 'meters' }) < 6000,
        )
        .map((g) => turf.buffer(g, 800, { units: 'meters', steps: 128 }) as Feature<Polygon>);
      const reach = circles.length > 1 ? turf.union(turf.featureCollection(circles)) : circles[0];
      const inside = reach ? turf.intersect(turf.featureCollection([reach, strathcona])) : null;
      const share = inside ? turf.area(inside) / turf.area(strathcona) : 0;
      expect(share).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(1);
      // the analysis grid is 50 m: its edge effects stay well under a percentage point
      expect(Math.abs((rows.get('Strathcona') as Row).share - share)).toBeLessThan(0.01);
    });
  });
});
