/**
 * Vector tiles of the offline basemap, made from the database on request.
 *
 * One query picks the tenant's features in the tile (with a margin): the basemap proper
 * (basemap_feature: streets, water, green spaces, buildings, place names from an OpenStreetMap
 * extract or the demo town), the imported neighbourhoods (outline and a label point) and the
 * parks and gardens with a footprint (green), each name in the asked language where the data has
 * it (`names->>lang`, else the name). What is drawn from which zoom is decided here, so a tile at
 * city zoom does not carry every footpath and building.
 *
 * Two encoders give the same tile: `ST_AsMVT` where PostGIS has it (a server), and, on the
 * embedded database (its PostGIS is built without protobuf), the same features clipped in SQL and
 * encoded in JS with @maplibre/geojson-vt and @maplibre/vt-pbf. tests/api/basemap-tiles.test.ts
 * decodes both and proves them equal: same features, same properties, geometry within a pixel.
 */
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, Geometry } from 'geojson';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DatabaseKind } from '../db/connect.ts';
import type { DB } from '../db/schema.ts';

/** the tile's layers, drawn in this order by the style */
export const BASEMAP_LAYERS = [
  'neighbourhood',
  'green',
  'water',
  'building',
  'street',
  'place',
  'neighbourhood_label',
] as const;
export type BasemapLayer = (typeof BASEMAP_LAYERS)[number];

/** tile units per side, and the margin around the tile whose features are kept (both encoders) */
export const EXTENT = 4096;
export const BUFFER = 64;
/** the tiles' deepest zoom: the style overzooms beyond it */
export const MAX_TILE_ZOOM = 16;

/** the roads drawn from low zooms on (the style draws them wide, the tiles carry them early) */
export const MAJOR = [
  'motorway',
  'motorway_link',
  'trunk',
  'trunk_link',
  'primary',
  'primary_link',
  'secondary',
  'secondary_link',
];
const PATHS = ['footway', 'path', 'cycleway', 'steps', 'track', 'bridleway', 'service'];

export interface TileRequest {
  tenantId: number;
  z: number;
  x: number;
  y: number;
  /** the language of the names */
  lang: string;
}

/** the features of a tile, each with its layer, class and name (in the language asked) */
function features(t: TileRequest): RawBuilder<unknown> {
  const { tenantId, lang } = t;
  const z = sql`${t.z}::int`;
  const name = (table: string) =>
    sql`COALESCE(NULLIF(${sql.ref(`${table}.names`)}->>${lang}::text, ''), ${sql.ref(`${table}.name`)})`;
  return sql`
    SELECT b.kind AS layer, b.class, ${name('b')} AS name, b.geom
    FROM basemap_feature b, env
    WHERE b.tenant_id = ${tenantId} AND b.geom && env.q
      AND (b.kind IN ('water', 'green')
        OR (b.kind = 'street' AND (${z} >= 15 OR b.class IN (${sql.join(MAJOR)})
                                   OR (${z} >= 12 AND b.class NOT IN (${sql.join(PATHS)}))))
        OR (b.kind = 'building' AND ${z} >= 14)
        OR (b.kind = 'place' AND (${z} >= 14 OR b.class IN ('city', 'town', 'island')
                                  OR (${z} >= 11 AND b.class IN ('village', 'suburb', 'quarter')))))
    UNION ALL
    SELECT 'neighbourhood', NULL, ${name('a')}, a.geom
    FROM area a, env
    WHERE a.tenant_id = ${tenantId} AND a.kind = 'neighbourhood' AND a.geom && env.q
    UNION ALL
    SELECT 'neighbourhood_label', NULL, l.name, l.geom
    FROM (SELECT ${name('a')} AS name, ST_PointOnSurface(a.geom) AS geom
          FROM area a, env
          WHERE a.tenant_id = ${tenantId} AND a.kind = 'neighbourhood' AND a.geom && env.q) l, env
    WHERE l.geom && env.q
    UNION ALL
    SELECT 'green', p.kind, NULL, p.geom
    FROM place p, env
    WHERE p.tenant_id = ${tenantId} AND p.kind IN ('park', 'community_garden') AND p.status = 'published'
      AND GeometryType(p.geom) IN ('POLYGON', 'MULTIPOLYGON') AND p.geom && env.q`;
}

/** the tile envelope (EPSG:3857), and the query box in EPSG:4326 with a margin around it */
function envelope(t: TileRequest, margin: number) {
  return sql`env AS (
    SELECT ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int) AS e,
           ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int, margin => ${margin}::float8) AS c,
           ST_Transform(ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int, margin => ${margin}::float8), 4326) AS q)`;
}

/** ST_AsMVT: one layer per kind, concatenated (a tile is a sequence of layers) */
async function tileWithPostgis(db: Kysely<DB>, t: TileRequest): Promise<Uint8Array> {
  const layers = BASEMAP_LAYERS.map(
    (l) => sql`COALESCE((SELECT ST_AsMVT(m, ${l}::text, ${EXTENT}::int, 'geom')
                         FROM (SELECT name, class, geom FROM g WHERE layer = ${l}::text AND geom IS NOT NULL) m), ''::bytea)`,
  );
  const { rows } = await sql<{ tile: Uint8Array | null }>`
    WITH ${envelope(t, (BUFFER * 2) / EXTENT)},
    f AS (${features(t)}),
    g AS (SELECT f.layer, f.class, f.name,
                 ST_AsMVTGeom(ST_Transform(f.geom, 3857), env.e, ${EXTENT}::int, ${BUFFER}::int, true) AS geom
          FROM f, env)
    SELECT ${sql.join(layers, sql` || `)} AS tile`.execute(db);
  return new Uint8Array(rows[0]?.tile ?? new Uint8Array());
}

/** the same features, clipped in SQL to the tile and its margin, encoded in JS */
async function tileWithJs(db: Kysely<DB>, t: TileRequest): Promise<Uint8Array> {
  const { rows } = await sql<{ layer: BasemapLayer; class: string | null; name: string | null; g: string }>`
    WITH ${envelope(t, (BUFFER * 2) / EXTENT)},
    f AS (${features(t)}),
    c AS (SELECT f.layer, f.class, f.name, ST_Transform(ST_ClipByBox2D(ST_Transform(f.geom, 3857), env.c), 4326) AS geom
          FROM f, env)
    SELECT layer, class, name, ST_AsGeoJSON(geom, 9) AS g FROM c WHERE NOT ST_IsEmpty(geom)`.execute(db);
  const byLayer = new Map<BasemapLayer, Feature[]>();
  for (const r of rows) {
    const properties: Record<string, string> = {};
    if (r.name !== null) properties.name = r.name;
    if (r.class !== null) properties.class = r.class;
    const list = byLayer.get(r.layer) ?? [];
    list.push({ type: 'Feature', properties, geometry: JSON.parse(r.g) as Geometry });
    byLayer.set(r.layer, list);
  }
  const tiles: Parameters<typeof fromGeojsonVt>[0] = {};
  for (const layer of BASEMAP_LAYERS) {
    const list = byLayer.get(layer);
    if (!list?.length) continue;
    const tile = geoJSONToTile({ type: 'FeatureCollection', features: list }, t.z, t.x, t.y, {
      extent: EXTENT,
      buffer: BUFFER,
      // about ST_AsMVTGeom's: a tile unit; maxZoom above any tile, so every zoom is simplified alike
      tolerance: 1,
      maxZoom: 30,
      clip: true,
    });
    if (tile?.features.length) tiles[layer] = tile;
  }
  if (!Object.keys(tiles).length) return new Uint8Array();
  return fromGeojsonVt(tiles, { version: 2, extent: EXTENT });
}

const mvtSupport = new WeakMap<Kysely<DB>, Promise<boolean>>();

/** Does this database's PostGIS encode vector tiles? Asked once per database. */
export function hasAsMvt(db: Kysely<DB>, kind: DatabaseKind): Promise<boolean> {
  if (kind === 'pglite') return Promise.resolve(false); // "Compiled without protobuf-c support"
  let known = mvtSupport.get(db);
  if (!known) {
    known = sql`SELECT ST_AsMVT(t, 'probe') AS m FROM (SELECT ST_MakePoint(1, 1) AS geom) t`.execute(db).then(
      () => true,
      () => false,
    );
    mvtSupport.set(db, known);
  }
  return known;
}

/** A basemap tile, with ST_AsMVT where PostGIS has it and the JS encoder elsewhere (or as asked). */
export async function basemapTile(
  db: Kysely<DB>,
  kind: DatabaseKind,
  t: TileRequest,
  encoder?: 'postgis' | 'js',
): Promise<Uint8Array> {
  const use = encoder ?? ((await hasAsMvt(db, kind)) ? 'postgis' : 'js');
  return use === 'postgis' ? tileWithPostgis(db, t) : tileWithJs(db, t);
}
