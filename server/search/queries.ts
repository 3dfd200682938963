/**
 * Search within the tenant's own data — places, opportunities, neighbourhoods, streets — by name
 * and address, tolerant of typos and accents (pg_trgm word similarity over unaccented lower-case
 * text). No external geocoder.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localized } from '../layers/queries.ts';

export interface SearchHit {
  id: string;
  type: 'place' | 'opportunity' | 'neighbourhood' | 'street';
  kind: string;
  name: string;
  detail: string | null;
  lon: number;
  lat: number;
  score: number;
}

export async function searchText(
  db: Kysely<DB>,
  q: { tenantId: number; text: string; lang: string; defaultLang: string; limit: number },
): Promise<SearchHit[]> {
  const { rows } = await searchTextSql(q).execute(db);
  return rows.map((r) => ({
    ...r,
    lon: Number(r.lon),
    lat: Number(r.lat),
    score: Math.round(Number(r.score) * 1000) / 1000,
  }));
}

/**
 * The statement of searchText (the benchmark runs it raw too). Each branch takes its own best
 * `limit` matches from a GiST trigram index walked nearest first (`<<->`, word-similarity
 * distance), so the cost follows `limit`, not the number of matches (a town of a million
 * programs has tens of thousands of "garden"s); the best `limit` of the union of those are the
 * best of all matches. Among matches of equal score at the cut, those taken are the index's
 * first (scoring every tie to order them by name would cost what the index saves); the answer is
 * then shown by score, name and id. A place matches by its name or its address: the better is its
 * score, and each has its own walk (the best places by either are among the best by the one that
 * gives their score).
 */
export function searchTextSql(q: {
  tenantId: number;
  text: string;
  lang: string;
  defaultLang: string;
  limit: number;
}) {
  const t = q.text.trim();
  const v = sql`cm_fold(${t}::text)`;
  const k = q.limit;
  const placeScore = sql`GREATEST(word_similarity(${v}, cm_fold(p.name)), word_similarity(${v}, cm_fold(COALESCE(p.address, ''))))`;
  const placeCols = sql`p.id::text AS id, 'place' AS type, p.kind, COALESCE(p.names->>${q.lang}::text, p.name) AS name,
             p.address AS detail, ST_X(p.anchor) AS lon, ST_Y(p.anchor) AS lat, ${placeScore} AS score`;
  return sql<SearchHit>`
    SELECT * FROM (
      SELECT DISTINCT ON (id) * FROM (
        (SELECT ${placeCols} FROM place p
          WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' AND ${v} <% cm_fold(p.name)
          ORDER BY ${v} <<-> cm_fold(p.name) LIMIT ${k})
        UNION ALL
        (SELECT ${placeCols} FROM place p
          WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' AND ${v} <% cm_fold(COALESCE(p.address, ''))
          ORDER BY ${v} <<-> cm_fold(COALESCE(p.address, '')) LIMIT ${k})
      ) places ORDER BY id
    ) place_hits
    UNION ALL
    (SELECT o.id::text, 'opportunity', o.kind, ${localized('o.title', q.lang, q.defaultLang)} AS name, NULL,
            ST_X(o.geom), ST_Y(o.geom), word_similarity(${v}, cm_fold(o.title::text)) AS score
      FROM opportunity o
      WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published' AND ${v} <% cm_fold(o.title::text)
      ORDER BY ${v} <<-> cm_fold(o.title::text) LIMIT ${k})
    UNION ALL
    (SELECT a.id::text, 'neighbourhood', a.kind, a.name, NULL, ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)),
            word_similarity(${v}, cm_fold(a.name)) AS score
      FROM area a WHERE a.tenant_id = ${q.tenantId} AND ${v} <% cm_fold(a.name)
      ORDER BY ${v} <<-> cm_fold(a.name) LIMIT ${k})
    UNION ALL
    -- streets: one hit per street name (a street is many segments); bounded by the city's streets
    (SELECT min(b.id::text), 'street', 'street', b.name, NULL, ST_X(ST_PointOnSurface(ST_Collect(b.geom))), ST_Y(ST_PointOnSurface(ST_Collect(b.geom))),
            max(word_similarity(${v}, cm_fold(b.name))) AS score
      FROM basemap_feature b
      WHERE b.tenant_id = ${q.tenantId} AND b.kind = 'street' AND b.name IS NOT NULL AND ${v} <% cm_fold(b.name)
      GROUP BY b.name
      ORDER BY score DESC, b.name LIMIT ${k})
    ORDER BY score DESC, name, id
    LIMIT ${k}`;
}
