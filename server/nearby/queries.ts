/**
 * Near-me: the k nearest places and programs within a radius of a point.
 *
 * Each table is searched with a KNN scan on its GiST index over `geom::geography` (the order is
 * by true distance on the sphere, not by degrees), limited by ST_DWithin on the same indexed
 * expression; exact metres (on the spheroid) are computed only for the k rows each returns.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { geogPoint } from '../db/postgis.ts';
import { localized, opportunityFilters } from '../layers/queries.ts';
import { LAYER_SOURCES, PLACE_LAYER_CATEGORY } from '../layers/registry.ts';

export const NEARBY_LAYERS = ['gardens', 'parks', 'centres', 'programs'] as const;
export type NearbyLayer = (typeof NEARBY_LAYERS)[number];

export interface NearbyQuery {
  tenantId: number;
  lon: number;
  lat: number;
  radiusM: number;
  limit: number;
  layers: NearbyLayer[];
  lang: string;
  defaultLang: string;
  categories?: string[] | undefined;
  audiences?: string[] | undefined;
  languages?: string[] | undefined;
}

export interface NearbyItem {
  id: string;
  layer: NearbyLayer;
  name: string;
  kind: string;
  distance_m: number;
  lon: number;
  lat: number;
}

/**
 * Which place layers take part: a category filter keeps the place layers of those categories;
 * an audience or language filter leaves only programs (places carry neither).
 */
export function placeLayersFor(q: NearbyQuery): ('gardens' | 'parks' | 'centres')[] {
  if (q.audiences || q.languages) return [];
  return (['gardens', 'parks', 'centres'] as const).filter(
    (l) => q.layers.includes(l) && (!q.categories || q.categories.includes(PLACE_LAYER_CATEGORY[l])),
  );
}

export function nearbySql(q: NearbyQuery) {
  const pt = geogPoint(q.lon, q.lat);
  const parts = [];
  for (const layer of placeLayersFor(q)) {
    const src = LAYER_SOURCES[layer];
    if (src.table !== 'place') continue;
    parts.push(sql`(
      SELECT p.id, ${layer}::text AS layer, COALESCE(p.names->>${q.lang}::text, p.name) AS name, p.kind,
             ST_Distance(p.geom::geography, ${pt}) AS distance_m,
             ST_X(p.anchor) AS lon, ST_Y(p.anchor) AS lat
      FROM place p
      WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' AND p.kind = ANY(${src.kinds}::text[])
        AND ST_DWithin(p.geom::geography, ${pt}, ${q.radiusM}::float8)
      ORDER BY p.geom::geography <-> ${pt}
      LIMIT ${q.limit})`);
  }
  if (q.layers.includes('programs')) {
    parts.push(sql`(
      SELECT o.id, 'programs'::text AS layer, ${localized('o.title', q.lang, q.defaultLang)} AS name, o.kind,
             ST_Distance(o.geom::geography, ${pt}) AS distance_m,
             ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat
      FROM opportunity o
      WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published'
        AND ST_DWithin(o.geom::geography, ${pt}, ${q.radiusM}::float8)
        ${opportunityFilters('o', q, { arrayIndexes: false })}
      ORDER BY o.geom::geography <-> ${pt}
      LIMIT ${q.limit})`);
  }
  if (parts.length === 0) return null;
  return sql<NearbyItem>`
    SELECT id, layer, name, kind, distance_m, lon, lat
    FROM (${sql.join(parts, sql` UNION ALL `)}) AS u
    ORDER BY distance_m, id
    LIMIT ${q.limit}`;
}

/**
 * The planner, left alone, answers a filtered near-me with a bitmap of everything within the
 * radius (thousands of heap rows read at random) and a sort; the ordered KNN scan of the spatial
 * index, bounded by the radius in its index condition, stops after the k nearest that pass the
 * filter and is 3–15× faster on the 1M benchmark town (docs/PERFORMANCE.md). So near-me runs with
 * bitmap scans off, for its own transaction only.
 */
export const NEARBY_PLANNER_SETTINGS = sql`SET LOCAL enable_bitmapscan = off`;

export async function nearby(db: Kysely<DB>, q: NearbyQuery): Promise<NearbyItem[]> {
  const query = nearbySql(q);
  if (!query) return [];
  const rows = await db.transaction().execute(async (trx) => {
    await NEARBY_PLANNER_SETTINGS.execute(trx);
    return (await query.execute(trx)).rows;
  });
  return rows.map((r) => ({
    ...r,
    distance_m: Math.round(Number(r.distance_m) * 10) / 10,
    lon: Number(r.lon),
    lat: Number(r.lat),
  }));
}
