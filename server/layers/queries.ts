/**
 * GeoJSON of a layer by bbox. Each feature is serialised by PostgreSQL as JSON text, and the
 * collection is joined as text: no parse / stringify round trip in Node for large layers.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { envelope } from '../db/postgis.ts';
import type { BBox } from '../http/params.ts';
import { LAYER_SOURCES, type Layer } from './registry.ts';

export interface LayerQuery {
  tenantId: number;
  layer: Layer;
  bbox?: BBox | undefined;
  limit: number;
  lang: string;
  defaultLang: string;
  categories?: string[] | undefined;
  audiences?: string[] | undefined;
  languages?: string[] | undefined;
}

export interface LayerResult {
  features: string[];
  truncated: boolean;
}

/** `title->>lang`, else the default language's, else any language's text. */
export function localized(column: string, lang: string, defaultLang: string) {
  const col = sql.ref(column);
  return sql<string>`COALESCE(${col}->>${lang}::text, ${col}->>${defaultLang}::text,
    (SELECT value FROM jsonb_each_text(${col}) LIMIT 1))`;
}

export async function layerFeatures(db: Kysely<DB>, q: LayerQuery): Promise<LayerResult> {
  const src = LAYER_SOURCES[q.layer];
  const bboxFilter = (col: string) => (q.bbox ? sql`AND ${sql.ref(col)} && ${envelope(q.bbox)}` : sql``);
  // one more than the limit tells whether the answer was cut
  const take = q.limit + 1;
  let rows: { f: string }[];
  if (src.table === 'place') {
    rows = (
      await sql<{ f: string }>`
        SELECT json_build_object(
          'type', 'Feature', 'id', p.id,
          'geometry', ST_AsGeoJSON(p.geom, 6)::json,
          'properties', json_build_object(
            'id', p.id, 'name', COALESCE(p.names->>${q.lang}::text, p.name), 'layer', ${q.layer}::text,
            'kind', p.kind, 'address', p.address,
            'area_ha', (p.attributes->>'area_ha')::float8, 'plots', (p.attributes->>'plots')::int,
            'lon', round(ST_X(p.anchor)::numeric, 6), 'lat', round(ST_Y(p.anchor)::numeric, 6))
        )::text AS f
        FROM place p
        WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' AND p.kind = ANY(${src.kinds}::text[]) ${bboxFilter('p.geom')}
        ORDER BY p.id
        LIMIT ${take}`.execute(db)
    ).rows;
  } else if (src.table === 'area') {
    rows = (
      await sql<{ f: string }>`
        SELECT json_build_object(
          'type', 'Feature', 'id', a.id,
          'geometry', ST_AsGeoJSON(a.geom, 6)::json,
          'properties', json_build_object(
            'id', a.id, 'name', COALESCE(a.names->>${q.lang}::text, a.name), 'layer', ${q.layer}::text,
            'kind', a.kind, 'population', a.population, 'designation', a.designation,
            'programme', a.programme, 'valid_from', a.valid_from, 'valid_to', a.valid_to)
        )::text AS f
        FROM area a
        WHERE a.tenant_id = ${q.tenantId} AND a.kind = ANY(${src.kinds}::text[]) ${bboxFilter('a.geom')}
        ORDER BY a.name, a.id
        LIMIT ${take}`.execute(db)
    ).rows;
  } else if (src.table === 'need' || src.table === 'proposal') {
    rows = await participationFeatures(db, q, src.table, take);
  } else {
    rows = (
      await sql<{ f: string }>`
        SELECT json_build_object(
          'type', 'Feature', 'id', o.id,
          'geometry', ST_AsGeoJSON(o.geom, 6)::json,
          'properties', json_build_object(
            'id', o.id, 'name', ${localized('o.title', q.lang, q.defaultLang)}, 'layer', 'programs',
            'kind', o.kind, 'categories', o.categories, 'audiences', o.audiences,
            'languages', o.languages, 'free', o.is_free, 'place_id', o.place_id,
            'place_name', COALESCE(p.names->>${q.lang}::text, p.name),
            'resident_initiative', COALESCE((o.attributes->>'resident_initiative')::boolean, false))
        )::text AS f
        FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
        WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published' ${bboxFilter('o.geom')}
          ${opportunityFilters('o', q)}
        ORDER BY o.id
        LIMIT ${take}`.execute(db)
    ).rows;
  }
  const truncated = rows.length > q.limit;
  return { features: rows.slice(0, q.limit).map((r) => r.f), truncated };
}

/**
 * Residents' published needs and proposals (issue 13). A need is drawn at its coarsened point
 * (`public_geom`, about 100 m): the pinned point, the address and would_help never leave the
 * server. A proposal at its point, or — located only by a neighbourhood — at that
 * neighbourhood's point on surface; never its join link or contact. Both carry `supports`
 * (confirmed, not withdrawn).
 */
async function participationFeatures(
  db: Kysely<DB>,
  q: LayerQuery,
  table: 'need' | 'proposal',
  take: number,
): Promise<{ f: string }[]> {
  const inBox = (g: string) => (q.bbox ? sql`AND ${sql.raw(g)} && ${envelope(q.bbox)}` : sql``);
  if (table === 'need')
    return (
      await sql<{ f: string }>`
        SELECT json_build_object(
          'type', 'Feature', 'id', n.id,
          'geometry', ST_AsGeoJSON(n.public_geom, 6)::json,
          'properties', json_build_object(
            'id', n.id, 'name', CASE WHEN length(n.text) > 80 THEN left(n.text, 79) || '…' ELSE n.text END,
            'layer', 'needs', 'kind', 'need', 'text', n.text, 'language', n.language,
            'audiences', n.audiences, 'area_id', n.area_id,
            'area_name', (SELECT COALESCE(a.names->>${q.lang}::text, a.name) FROM area a
              WHERE a.id = n.area_id AND a.tenant_id = n.tenant_id),
            'supports', (SELECT count(*)::int FROM support s WHERE s.tenant_id = n.tenant_id
              AND s.target_type = 'need' AND s.target_id = n.id AND s.status = 'confirmed'),
            'lon', round(ST_X(n.public_geom)::numeric, 6), 'lat', round(ST_Y(n.public_geom)::numeric, 6))
        )::text AS f
        FROM need n
        WHERE n.tenant_id = ${q.tenantId} AND n.status = 'published' ${inBox('n.public_geom')}
          ${q.audiences ? sql`AND n.audiences && ${q.audiences}::text[]` : sql``}
        ORDER BY n.id
        LIMIT ${take}`.execute(db)
    ).rows;
  return (
    await sql<{ f: string }>`
      WITH p AS (
        SELECT p.*, COALESCE(p.geom, (SELECT ST_PointOnSurface(a.geom) FROM area a
          WHERE a.id = p.area_id AND a.tenant_id = p.tenant_id)) AS at_point
        FROM proposal p
        WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' ${opportunityFilters('p', q)}
      )
      SELECT json_build_object(
        'type', 'Feature', 'id', p.id,
        'geometry', ST_AsGeoJSON(p.at_point, 6)::json,
        'properties', json_build_object(
          'id', p.id, 'name', ${localized('p.title', q.lang, q.defaultLang)}, 'layer', 'proposals',
          'kind', p.kind, 'resident_initiative', true, 'categories', p.categories,
          'audiences', p.audiences, 'languages', p.languages, 'area_id', p.area_id,
          'located_by', CASE WHEN p.geom IS NULL THEN 'neighbourhood' ELSE 'point' END,
          'call_id', p.call_id, 'cost', p.cost, 'opportunity_id', p.opportunity_id,
          'supports', (SELECT count(*)::int FROM support s WHERE s.tenant_id = p.tenant_id
            AND s.target_type = 'proposal' AND s.target_id = p.id AND s.status = 'confirmed'),
          'lon', round(ST_X(p.at_point)::numeric, 6), 'lat', round(ST_Y(p.at_point)::numeric, 6))
      )::text AS f
      FROM p
      WHERE p.at_point IS NOT NULL ${inBox('p.at_point')}
      ORDER BY p.id
      LIMIT ${take}`.execute(db)
  ).rows;
}

/** Category / audience / language filters on an opportunity alias (each an array overlap, GIN-indexed). */
/**
 * The category / audience / language filters of programs, as `AND …` clauses.
 * `arrayIndexes: false` writes them so the planner cannot use the GIN indexes on those arrays:
 * near-me wants the KNN scan of the spatial index, bounded by the radius, with the filters checked
 * row by row; otherwise PostgreSQL ANDs a bitmap of every matching row in the town (260 000 for
 * "seniors" in a 1M-opportunity town, 60 ms) with the few thousand rows within the radius.
 */
export function opportunityFilters(
  alias: string,
  f: {
    categories?: string[] | undefined;
    audiences?: string[] | undefined;
    languages?: string[] | undefined;
  },
  opts: { arrayIndexes?: boolean } = {},
) {
  const col = (c: string) =>
    opts.arrayIndexes === false
      ? sql`COALESCE(${sql.ref(`${alias}.${c}`)}, '{}'::text[])`
      : sql.ref(`${alias}.${c}`);
  return sql.join(
    [
      sql``,
      f.categories ? sql`AND ${col('categories')} && ${f.categories}::text[]` : sql``,
      f.audiences ? sql`AND ${col('audiences')} && ${f.audiences}::text[]` : sql``,
      f.languages ? sql`AND ${col('languages')} && ${f.languages}::text[]` : sql``,
    ],
    sql` `,
  );
}

export function featureCollectionText(result: LayerResult, extra: Record<string, unknown> = {}): string {
  const head = JSON.stringify({ type: 'FeatureCollection', ...extra, truncated: result.truncated });
  return `${head.slice(0, -1)},"features":[${result.features.join(',')}]}`;
}
