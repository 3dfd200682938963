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

/** the statement of searchText (the benchmark runs it raw too) */
export function searchTextSql(q: {
  tenantId: number;
  text: string;
  lang: string;
  defaultLang: string;
  limit: number;
}) {
  const t = q.text.trim();
  return sql<SearchHit>`
    WITH q AS (SELECT cm_fold(${t}::text) AS v)
    SELECT * FROM (
      SELECT p.id::text AS id, 'place' AS type, p.kind, COALESCE(p.names->>${q.lang}::text, p.name) AS name, p.address AS detail,
             ST_X(p.anchor) AS lon, ST_Y(p.anchor) AS lat,
             GREATEST(word_similarity(q.v, cm_fold(p.name)), word_similarity(q.v, cm_fold(COALESCE(p.address, '')))) AS score
      FROM place p, q WHERE p.tenant_id = ${q.tenantId}
        AND (q.v <% cm_fold(p.name) OR q.v <% cm_fold(COALESCE(p.address, '')))
      UNION ALL
      SELECT o.id::text, 'opportunity', o.kind, ${localized('o.title', q.lang, q.defaultLang)}, NULL,
             ST_X(o.geom), ST_Y(o.geom), word_similarity(q.v, cm_fold(o.title::text))
      FROM opportunity o, q WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published' AND q.v <% cm_fold(o.title::text)
      UNION ALL
      SELECT a.id::text, 'neighbourhood', a.kind, a.name, NULL, ST_X(ST_PointOnSurface(a.geom)), ST_Y(ST_PointOnSurface(a.geom)),
             word_similarity(q.v, cm_fold(a.name))
      FROM area a, q WHERE a.tenant_id = ${q.tenantId} AND q.v <% cm_fold(a.name)
      UNION ALL
      SELECT min(b.id::text), 'street', 'street', b.name, NULL, ST_X(ST_PointOnSurface(ST_Collect(b.geom))), ST_Y(ST_PointOnSurface(ST_Collect(b.geom))),
             max(word_similarity(q.v, cm_fold(b.name)))
      FROM basemap_feature b, q WHERE b.tenant_id = ${q.tenantId} AND b.kind = 'street' AND b.name IS NOT NULL AND q.v <% cm_fold(b.name)
      GROUP BY b.name
    ) hits
    ORDER BY score DESC, name
    LIMIT ${q.limit}`;
}
