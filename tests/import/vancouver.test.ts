/**
 * The worked example of docs/IMPORT.md: the City of Vancouver's open data, imported with the
 * shipped mappings, on both databases. Every count is checked against the files themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ImportRejected, type ImportReport, runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { sharedDataAvailable, vancouver } from '../support/shared-data.ts';

const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);
const features = (file: string) =>
  (JSON.parse(fs.readFileSync(vancouver(file), 'utf8')) as GeoJSON.FeatureCollection).features;

/** the census's total population (variable 1) per local area, read straight from the CSV */
function censusPopulation(): number {
  const rows = parse(
    new TextDecoder('latin1').decode(fs.readFileSync(vancouver('CensusLocalAreaProfiles2016.csv'))),
    {
      relax_column_count: true,
    },
  ) as string[][];
  const header = (rows[0] ?? []).map((h) => h.trim());
  const total = rows.find((r) => r[0]?.trim() === '1') ?? [];
  return header.reduce(
    (sum, h, i) =>
      i < 2 || h === 'Vancouver CSD' || h === 'Vancouver CMA'
        ? sum
        : sum + Number((total[i] ?? '0').replace(/,/g, '')),
    0,
  );
}

describe.skipIf(!sharedDataAvailable('vancouver'))('Vancouver open data', () => {
  describeEachDatabase('importing Vancouver', (ctx) => {
    const reports: Record<string, ImportReport> = {};
    const imp = (format: 'tenant' | 'geojson' | 'census', file: string, mapping?: string) =>
      runImport(ctx.database.db, {
        format,
        path: file,
        tenant: 'vancouver',
        ...(mapping ? { mapping } : {}),
      });
    let tenantId = 0;

    beforeAll(async () => {
      reports.tenant = await imp('tenant', M('tenant'));
      reports.areas = await imp('geojson', vancouver('local-area-boundary.geojson'), M('local-areas'));
      reports.census = await imp('census', vancouver('CensusLocalAreaProfiles2016.csv'), M('census-2016'));
      reports.parks = await imp('geojson', vancouver('parks-polygon-representation.geojson'), M('parks'));
      reports.gardens = await imp(
        'geojson',
        vancouver('community-gardens-and-food-trees.geojson'),
        M('community-gardens'),
      );
      reports.centres = await imp('geojson', vancouver('community-centres.geojson'), M('community-centres'));
      reports.food = await imp(
        'geojson',
        vancouver('free-and-low-cost-food-programs.geojson'),
        M('food-programs'),
      );
      tenantId = (
        await ctx.database.db
          .selectFrom('tenant')
          .select('id')
          .where('slug', '=', 'vancouver')
          .executeTakeFirstOrThrow()
      ).id;
    }, 120_000);

    const count = async (table: 'area' | 'place' | 'opportunity', kind?: string) =>
      Number(
        (
          await sql<{
            n: number;
          }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}
            ${kind ? sql`AND kind = ${kind}` : sql``}`.execute(ctx.database.db)
        ).rows[0]?.n,
      );

    it('has the 22 local areas with the census population of 633 135', async () => {
      expect(await count('area', 'neighbourhood')).toBe(22);
      const total = censusPopulation();
      expect(total).toBe(633_135);
      const { rows } = await sql<{ total: number; missing: number }>`
        SELECT sum(population)::int AS total, count(*) FILTER (WHERE population IS NULL)::int AS missing
        FROM area WHERE tenant_id = ${tenantId} AND kind = 'neighbourhood'`.execute(ctx.database.db);
      expect(rows[0]).toEqual({ total, missing: 0 });
      expect(
        reports.census?.census?.matched.find((m) => m.census === 'Central Business District'),
      ).toMatchObject({ neighbourhood: 'Downtown', via: 'alias' });
      const downtown = await ctx.database.db
        .selectFrom('area')
        .select(['population', 'population_by_age', 'census'])
        .where('tenant_id', '=', tenantId)
        .where('name', '=', 'Downtown')
        .executeTakeFirstOrThrow();
      expect(downtown.population).toBe(62_030);
      const byAge = downtown.population_by_age as Record<string, number>;
      expect(Object.keys(byAge).sort()).toEqual([
        '0-4',
        '15-19',
        '20-29',
        '30-49',
        '5-14',
        '50-64',
        '65-79',
        '80+',
      ]);
      // the census rounds each cell to a multiple of 5: the bands sum to the total within a few
      expect(Math.abs(Object.values(byAge).reduce((a, b) => a + b, 0) - 62_030)).toBeLessThan(50);
      expect(downtown.census).toMatchObject({ median_household_income: 66_583, low_income_share: 0.238 });
    });

    it('has 254 parks, 166 located gardens (the unlocated one reported), 27 centres and 81 food programs', async () => {
      expect(features('parks-polygon-representation.geojson')).toHaveLength(254);
      expect(await count('place', 'park')).toBe(254);
      expect(reports.parks?.layers.parks).toMatchObject({ inserted: 254, rejected: 0 });

      const gardens = features('community-gardens-and-food-trees.geojson');
      const located = gardens.filter((f) => f.geometry).length;
      expect(located).toBe(166);
      expect(await count('place', 'community_garden')).toBe(166);
      const unlocated = gardens.findIndex((f) => !f.geometry) + 1;
      expect(reports.gardens?.issues).toEqual([
        expect.objectContaining({
          ref: { file: 'community-gardens-and-food-trees.geojson', feature: unlocated },
          severity: 'warning',
          reason: expect.stringMatching(/no geometry/),
        }),
      ]);
      expect(reports.gardens?.layers.gardens).toMatchObject({ inserted: 166, skipped: 1 });

      expect(await count('place', 'community_centre')).toBe(27);
      expect(await count('opportunity')).toBe(81);
      expect(reports.food?.layers.programs).toMatchObject({ inserted: 81, skipped: 2 });
    });

    it('puts every garden in the neighbourhood its geo_local_area names', async () => {
      const { rows } = await sql<{ name: string; said: string; found: string | null }>`
        SELECT p.name, p.attributes->>'local_area' AS said,
               (SELECT a.name FROM area a WHERE a.tenant_id = p.tenant_id AND a.kind = 'neighbourhood' AND ST_Intersects(a.geom, p.anchor) LIMIT 1) AS found
        FROM place p
        WHERE p.tenant_id = ${tenantId} AND p.kind = 'community_garden' AND p.attributes ? 'local_area'`.execute(
        ctx.database.db,
      );
      const names = new Set(
        (
          await ctx.database.db.selectFrom('area').select('name').where('tenant_id', '=', tenantId).execute()
        ).map((a) => a.name),
      );
      const expected = features('community-gardens-and-food-trees.geojson').filter(
        (f) => f.geometry && names.has(String(f.properties?.geo_local_area)),
      ).length;
      const checked = rows.filter((r) => names.has(r.said));
      expect(checked.length).toBe(expected);
      expect(checked.length).toBeGreaterThan(150);
      expect(checked.filter((r) => r.found !== r.said)).toEqual([]);
    });

    it('counts what lies outside every neighbourhood, and keeps it', async () => {
      expect(reports.parks?.outsideNeighbourhoods?.examples).toContain('Stanley Park');
      expect(reports.parks?.outsideNeighbourhoods?.count).toBeGreaterThan(0);
    });

    it('updates in place on re-import, creating no duplicates', async () => {
      const again = await imp(
        'geojson',
        vancouver('community-gardens-and-food-trees.geojson'),
        M('community-gardens'),
      );
      expect(again.layers.gardens).toMatchObject({ inserted: 0, updated: 166 });
      expect(await count('place', 'community_garden')).toBe(166);
      const parks = await imp('geojson', vancouver('parks-polygon-representation.geojson'), M('parks'));
      expect(parks.layers.parks).toMatchObject({ inserted: 0, updated: 254 });
    });

    it('rejects a census whose areas do not all match, changing nothing', async () => {
      const mapping = JSON.parse(fs.readFileSync(M('census-2016'), 'utf8')) as Record<string, unknown>;
      const before = await sql<{
        p: number;
      }>`SELECT population AS p FROM area WHERE tenant_id = ${tenantId} AND name = 'Downtown'`.execute(
        ctx.database.db,
      );
      const err = await runImport(ctx.database.db, {
        format: 'census',
        path: vancouver('CensusLocalAreaProfiles2016.csv'),
        tenant: 'vancouver',
        mapping: { ...mapping, aliases: {}, population: 2 },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportRejected);
      const issues = (err as ImportRejected).report.issues.filter((i) => i.severity === 'error');
      expect(issues).toHaveLength(1);
      expect(issues[0]?.reason).toMatch(/"Central Business District" matches no neighbourhood/);
      const after = await sql<{
        p: number;
      }>`SELECT population AS p FROM area WHERE tenant_id = ${tenantId} AND name = 'Downtown'`.execute(
        ctx.database.db,
      );
      expect(after.rows).toEqual(before.rows);
    });

    it('shows the city through the API', async () => {
      const { body } = await ctx.getJson<GeoJSON.FeatureCollection>('/api/layers/gardens?tenant=vancouver');
      expect(body.features).toHaveLength(166);
      const hoods = await ctx.getJson<GeoJSON.FeatureCollection>(
        '/api/layers/neighbourhoods?tenant=vancouver',
      );
      expect(hoods.body.features.reduce((s, f) => s + Number(f.properties?.population), 0)).toBe(633_135);
    });
  });
});
