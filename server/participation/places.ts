/**
 * Where a submission is: the neighbourhood and designated zones of a point (or of a chosen
 * neighbourhood), and a need's public location coarsened to about 100 m.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface Located {
  /** the neighbourhood (area of kind 'neighbourhood'), or null outside every one */
  areaId: string | null;
  /** the designated zones (degraded / revitalisation) it falls in, or that overlap the chosen neighbourhood */
  zoneIds: string[];
}

/**
 * the neighbourhood and zones of a point, or — for a submission located only by a neighbourhood
 * — that neighbourhood (which must be the tenant's: else null is returned for the caller to
 * answer 400) and the zones overlapping it
 */
export async function locate(
  db: Executor,
  tenantId: number,
  where: { lon: number; lat: number } | { areaId: string },
): Promise<Located | null> {
  if ('areaId' in where) {
    const area = await db
      .selectFrom('area')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'neighbourhood')
      .where('id', '=', where.areaId)
      .executeTakeFirst();
    if (!area) return null;
    const zones = await sql<{ id: string }>`
      SELECT z.id FROM area z, area n
      WHERE n.id = ${where.areaId} AND n.tenant_id = ${tenantId}
        AND z.tenant_id = ${tenantId} AND z.kind IN ('degraded_zone', 'revitalization_zone')
        AND ST_Intersects(z.geom, n.geom) AND NOT ST_Touches(z.geom, n.geom)
      ORDER BY z.id`.execute(db);
    return { areaId: area.id, zoneIds: zones.rows.map((r) => r.id) };
  }
  const rows = await sql<{ id: string; kind: string }>`
    SELECT id, kind FROM area
    WHERE tenant_id = ${tenantId} AND kind IN ('neighbourhood', 'degraded_zone', 'revitalization_zone')
      AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${where.lon}, ${where.lat}), 4326))
    ORDER BY kind, id`.execute(db);
  return {
    areaId: rows.rows.find((r) => r.kind === 'neighbourhood')?.id ?? null,
    zoneIds: rows.rows.filter((r) => r.kind !== 'neighbourhood').map((r) => r.id),
  };
}

/** the grid step of coarsened locations, in metres */
export const COARSE_STEP_M = 100;

/**
 * a point moved to the centre of its cell of a ~100 m grid (latitude steps of 100 m; longitude
 * steps of 100 m at the cell's latitude): every need pinned in the same cell shows at the same
 * point, so a published need never tells which house it came from. Pure: the same on both databases.
 */
export function coarsen(lon: number, lat: number): { lon: number; lat: number } {
  const dLat = COARSE_STEP_M / 111_320;
  const row = Math.floor(lat / dLat);
  const cLat = (row + 0.5) * dLat;
  const dLon = COARSE_STEP_M / (111_320 * Math.max(Math.cos((cLat * Math.PI) / 180), 0.01));
  const col = Math.floor(lon / dLon);
  const cLon = (col + 0.5) * dLon;
  return { lon: Math.round(cLon * 1e6) / 1e6, lat: Math.round(cLat * 1e6) / 1e6 };
}
