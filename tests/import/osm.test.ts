/**
 * OpenStreetMap: the Helsinki extract imported on both databases. Expected counts come from a raw
 * scan of the file's tags (not the importer's classification); the walk graph must be connected
 * and its lengths agree with PostGIS's own spheroid lengths.
 */
import path from 'node:path';
import { sql } from 'kysely';
import { createOSMStream } from 'osm-pbf-parser-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleRings } from '../../server/import/osm.ts';
import { type ImportReport, runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

const PBF = path.join(SHARED_DATA, 'osm-helsinki', 'Helsinki.osm.pbf');

describe('assembleRings', () => {
  it('joins pieces end to end, in either direction, and counts open chains', () => {
    const a: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
    ];
    const b: [number, number][] = [
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(assembleRings([a, b])).toEqual({
      rings: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ],
      ],
      open: 0,
    });
    expect(assembleRings([a, [...b].reverse()]).rings[0]).toHaveLength(5);
    expect(assembleRings([a])).toEqual({ rings: [], open: 1 });
  });
});

describe.skipIf(!sharedDataAvailable('osm-helsinki'))('OpenStreetMap: Helsinki', () => {
  /** raw counts straight from the tags, by element type */
  const raw = { park: 0, playground: 0, centre: 0, library: 0 };
  /** the named bays, straits and basins the extract marks with a node: they lie in the sea */
  const namedWater: { name: string; lon: number; lat: number }[] = [];
  beforeAll(async () => {
    for await (const item of createOSMStream(PBF)) {
      const e = item as { type?: string; tags?: Record<string, string>; lon?: number; lat?: number };
      if (!e.type || !e.tags) continue;
      if (e.type === 'node' && e.tags.name && ['bay', 'strait', 'water'].includes(e.tags.natural ?? ''))
        namedWater.push({ name: e.tags.name, lon: e.lon as number, lat: e.lat as number });
      if (e.type === 'relation' && e.tags.type !== 'multipolygon') continue;
      if (e.tags.leisure === 'park') raw.park++;
      if (e.tags.leisure === 'playground') raw.playground++;
      if (e.tags.amenity === 'community_centre') raw.centre++;
      if (e.tags.amenity === 'library') raw.library++;
    }
  });

  describeEachDatabase('importing Helsinki', (ctx) => {
    let report: ImportReport;
    beforeAll(async () => {
      report = await runImport(ctx.database.db, {
        format: 'osm',
        path: PBF,
        tenant: 'lindmere',
        source: 'osm-helsinki',
      });
    }, 120_000);

    it('imports every park, playground, centre and library of the extract, or says why not', () => {
      expect(raw).toEqual({ park: 17, playground: 5, centre: 3, library: 7 });
      // each element not imported is a warning naming it: clipped by the extract's bbox
      const skipped = report.issues.filter((i) =>
        /outside the extract|cannot be closed/.test(i.reason),
      ).length;
      const got = report.layers;
      const total =
        (got.parks?.inserted ?? 0) +
        (got.playgrounds?.inserted ?? 0) +
        (got.centres?.inserted ?? 0) +
        (got.libraries?.inserted ?? 0);
      expect(total + skipped).toBe(raw.park + raw.playground + raw.centre + raw.library);
      expect(got.parks?.inserted).toBeGreaterThanOrEqual(10);
      expect(got.centres?.inserted).toBe(3);
      expect(got.libraries?.inserted).toBe(7);
      for (const i of report.issues) expect(i.severity).toBe('warning');
    });

    it('builds a connected walk graph whose lengths agree with PostGIS', async () => {
      const { rows: edges } = await sql<{ a: string; b: string }>`
        SELECT from_node::text AS a, to_node::text AS b FROM walk_edge WHERE source = 'osm-helsinki'`.execute(
        ctx.database.db,
      );
      const { rows: nodes } = await sql<{
        id: string;
      }>`SELECT id::text AS id FROM walk_node WHERE source = 'osm-helsinki'`.execute(ctx.database.db);
      expect(nodes.length).toBeGreaterThan(2000);
      expect(edges.length).toBeGreaterThan(nodes.length * 0.9);
      const parent = new Map(nodes.map((n) => [n.id, n.id]));
      const find = (x: string): string => {
        let r = x;
        while (parent.get(r) !== r) r = parent.get(r) as string;
        parent.set(x, r);
        return r;
      };
      for (const e of edges) parent.set(find(e.a), find(e.b));
      const sizes = new Map<string, number>();
      for (const n of nodes) sizes.set(find(n.id), (sizes.get(find(n.id)) ?? 0) + 1);
      expect(Math.max(...sizes.values()) / nodes.length).toBeGreaterThan(0.9);
      const { rows } = await sql<{ ours: number; postgis: number }>`
        SELECT sum(length_m) AS ours, sum(ST_Length(geom::geography)) AS postgis FROM walk_edge WHERE source = 'osm-helsinki'`.execute(
        ctx.database.db,
      );
      const { ours, postgis } = rows[0] as { ours: number; postgis: number };
      expect(Math.abs(Number(ours) - Number(postgis)) / Number(postgis)).toBeLessThan(0.005);
    });

    it('rebuilds the sea from the coastline: the named bays are in it, the streets are not', async () => {
      expect(namedWater.map((w) => w.name).sort()).toEqual([
        'Kaisaniemenlahti',
        'Kolera-allas',
        'Siltavuorensalmi',
      ]);
      expect(report.issues.filter((i) => i.ref.feature === 'coastline')).toEqual([]);
      const inSea = await sql<{ name: string; wet: boolean }>`
        SELECT w.name, EXISTS (
          SELECT 1 FROM basemap_feature b
          WHERE b.source = 'osm-helsinki' AND b.kind = 'water' AND b.class = 'sea'
            AND ST_Intersects(b.geom, ST_SetSRID(ST_MakePoint(w.lon, w.lat), 4326))) AS wet
        FROM jsonb_to_recordset(${JSON.stringify(namedWater)}::jsonb) AS w(name text, lon float8, lat float8)
        ORDER BY w.name`.execute(ctx.database.db);
      expect(inSea.rows.every((r) => r.wet)).toBe(true);
      // of all the streets' length, almost none is under water (bridges and quays only)
      const { rows } = await sql<{ share: number }>`
        WITH sea AS (SELECT ST_Union(geom) AS g FROM basemap_feature
                     WHERE source = 'osm-helsinki' AND kind = 'water' AND class = 'sea'),
             streets AS (SELECT geom FROM basemap_feature WHERE source = 'osm-helsinki' AND kind = 'street')
        SELECT sum(ST_Length(ST_Intersection(s.geom, sea.g)::geography)) / sum(ST_Length(s.geom::geography)) AS share
        FROM streets s, sea`.execute(ctx.database.db);
      expect(Number(rows[0]?.share)).toBeLessThan(0.03);
    });

    it('re-imports without duplicates', async () => {
      const again = await runImport(ctx.database.db, {
        format: 'osm',
        path: PBF,
        tenant: 'lindmere',
        source: 'osm-helsinki',
      });
      expect(again.layers['walk-edges']?.inserted).toBe(0);
      expect(again.layers.parks?.inserted).toBe(0);
      // the basemap is replaced wholesale, and the report and the audit log say so
      const features = report.layers.basemap?.inserted ?? 0;
      expect(features).toBeGreaterThan(1000);
      expect(report.basemapReplaced).toEqual({ before: 0, after: features });
      expect(again.basemapReplaced).toEqual({ before: features, after: features });
      const audit = await sql<{ summary: string }>`
        SELECT summary FROM audit_entry WHERE action = 'import' ORDER BY id DESC LIMIT 1`.execute(ctx.database.db);
      expect(audit.rows[0]?.summary).toContain(`basemap replaced (${features} → ${features} features)`);
    });
  });
});
