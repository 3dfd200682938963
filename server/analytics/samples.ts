/**
 * Where people live, as weighted points: the analysis grid (square cells of `cellM` metres in the
 * tenant's UTM zone) cut by each neighbourhood. A cell's residents are the neighbourhood's
 * population times the share of its area in that cell — spread evenly — unless population units
 * (census blocks, building footprints: areas of kind `population_unit`) have been imported for
 * that neighbourhood: then each unit's residents are spread over its own area instead, and the
 * neighbourhood's population is the sum of its units. The point of a sample is the centroid of
 * its piece of cell.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface Sample {
  idx: number;
  areaId: string;
  population: number;
  x: number;
  y: number;
  lon: number;
  lat: number;
}

/** the UTM zone (WGS84) of a point: 326zz north, 327zz south */
export function utmSrid(lon: number, lat: number): number {
  const zone = Math.min(60, Math.max(1, Math.floor((lon + 180) / 6) + 1));
  return (lat >= 0 ? 32600 : 32700) + zone;
}

/** writes the tenant's samples (replacing any) and returns which neighbourhoods used units */
export async function writeSamples(
  db: Kysely<DB>,
  tenantId: number,
  srid: number,
  cellM: number,
): Promise<Record<string, 'units' | 'uniform'>> {
  await sql`DELETE FROM access_sample WHERE tenant_id = ${tenantId}`.execute(db);
  await sql`
    INSERT INTO access_sample (tenant_id, idx, area_id, population, x, y, geom)
    WITH nb AS (
      SELECT id, population::float8 AS population, ST_Transform(geom, ${srid}::int) AS g
      FROM area WHERE tenant_id = ${tenantId} AND kind = 'neighbourhood'
    ),
    unit AS (
      SELECT u.population::float8 AS population, ST_Transform(u.geom, ${srid}::int) AS g,
        (SELECT nb.id FROM nb WHERE ST_Intersects(nb.g, ST_Transform(ST_PointOnSurface(u.geom), ${srid}::int))
         ORDER BY nb.id LIMIT 1) AS area_id
      FROM area u
      WHERE u.tenant_id = ${tenantId} AND u.kind = 'population_unit' AND u.population > 0
    ),
    spread AS (
      -- neighbourhoods without units: their own population over their own area
      SELECT nb.id AS area_id, nb.population, nb.g FROM nb
      WHERE nb.population > 0 AND NOT EXISTS (SELECT 1 FROM unit WHERE unit.area_id = nb.id)
      UNION ALL
      SELECT unit.area_id, unit.population, unit.g FROM unit WHERE unit.area_id IS NOT NULL
    ),
    piece AS (
      SELECT s.area_id, c.i, c.j,
        s.population * ST_Area(CASE WHEN ST_Within(c.geom, s.g) THEN c.geom ELSE ST_Intersection(c.geom, s.g) END)
          / NULLIF(ST_Area(s.g), 0) AS population,
        ST_Centroid(CASE WHEN ST_Within(c.geom, s.g) THEN c.geom ELSE ST_Intersection(c.geom, s.g) END) AS p
      FROM spread s
      CROSS JOIN LATERAL ST_SquareGrid(${cellM}::float8, s.g) AS c
      WHERE ST_Intersects(c.geom, s.g)
    ),
    cell AS (
      -- one sample per neighbourhood and cell (units sharing a cell are summed)
      SELECT area_id, i, j, sum(population) AS population,
        ST_SetSRID(ST_MakePoint(sum(ST_X(p) * population) / NULLIF(sum(population), 0),
                                sum(ST_Y(p) * population) / NULLIF(sum(population), 0)), ${srid}::int) AS p
      FROM piece WHERE population > 0
      GROUP BY area_id, i, j
    )
    SELECT ${tenantId}, row_number() OVER (ORDER BY area_id, i, j)::int, area_id, population,
      ST_X(p), ST_Y(p), ST_Transform(p, 4326)
    FROM cell WHERE p IS NOT NULL`.execute(db);
  const { rows } = await sql<{ id: string; units: boolean }>`
    SELECT nb.id, EXISTS (
      SELECT 1 FROM area u WHERE u.tenant_id = ${tenantId} AND u.kind = 'population_unit' AND u.population > 0
        AND ST_Intersects(nb.geom, ST_PointOnSurface(u.geom))) AS units
    FROM area nb WHERE nb.tenant_id = ${tenantId} AND nb.kind = 'neighbourhood'`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.id, r.units ? 'units' : 'uniform']));
}

export async function readSamples(db: Kysely<DB>, tenantId: number): Promise<Sample[]> {
  const { rows } = await sql<{
    idx: number;
    area_id: string;
    population: number;
    x: number;
    y: number;
    lon: number;
    lat: number;
  }>`
    SELECT idx, area_id, population, x, y, ST_X(geom) AS lon, ST_Y(geom) AS lat
    FROM access_sample WHERE tenant_id = ${tenantId} ORDER BY idx`.execute(db);
  return rows.map((r) => ({
    idx: r.idx,
    areaId: r.area_id,
    population: Number(r.population),
    x: Number(r.x),
    y: Number(r.y),
    lon: Number(r.lon),
    lat: Number(r.lat),
  }));
}
