/**
 * Search within the tenant's own data — places, opportunities, neighbourhoods, streets — by name
 * and address, tolerant of typos and accents (pg_trgm word similarity over unaccented lower-case
 * text). No external geocoder.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { localized } from '../layers/queries.ts';
import { isoWithOffset } from '../opportunities/occurrences.ts';
import { matchVocabulary } from './vocabulary.ts';

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

/** a hit of the search as the API answers it: a name, or a category, with what tells it apart */
export interface SearchAnswerHit extends Omit<SearchHit, 'type' | 'lon' | 'lat'> {
  type: SearchHit['type'] | 'category';
  /** a category has no position: choosing it filters the list */
  lon: number | null;
  lat: number | null;
  /** an activity's place */
  place: string | null;
  /** the neighbourhood a place or an activity lies in */
  area: string | null;
  /** an activity's next date (ISO 8601 with the offset of the town's zone) */
  next: string | null;
  /** the date after it (a weekly and a monthly series may share their next date) */
  after: string | null;
}

/**
 * GET /api/search: the names that match (searchText), the categories the words name ("їжа" →
 * food support) and the places of the kinds they name ("бібліотека" → the libraries), best
 * first; each hit with its place, neighbourhood and next date, so that two hits of the same name
 * say which is which.
 */
export async function searchAll(
  db: Kysely<DB>,
  q: { tenantId: number; text: string; lang: string; defaultLang: string; limit: number; timezone: string; now: number },
): Promise<SearchAnswerHit[]> {
  const names = await searchText(db, q);
  const vocabulary = matchVocabulary(q.text, q.lang);
  const kinds = vocabulary.filter((m) => m.type === 'place_kind');
  const hits = new Map<string, SearchAnswerHit>();
  const add = (h: Omit<SearchAnswerHit, 'place' | 'area' | 'next' | 'after'>) => {
    const key = `${h.type}:${h.id}`;
    const had = hits.get(key);
    if (!had || had.score < h.score) hits.set(key, { place: null, area: null, next: null, after: null, ...h });
  };
  for (const h of names) add(h);
  for (const m of vocabulary)
    if (m.type === 'category')
      add({ id: m.code, type: 'category', kind: 'category', name: m.label, detail: null, lon: null, lat: null, score: m.score });
  for (const m of kinds) {
    const { rows } = await sql<SearchHit>`
      SELECT p.id::text AS id, 'place' AS type, p.kind, COALESCE(p.names->>${q.lang}::text, p.name) AS name,
             p.address AS detail, ST_X(p.anchor) AS lon, ST_Y(p.anchor) AS lat
      FROM place p
      WHERE p.tenant_id = ${q.tenantId} AND p.status = 'published' AND p.kind = ${m.code}
      ORDER BY COALESCE(p.names->>${q.lang}::text, p.name), p.id
      LIMIT ${q.limit}`.execute(db);
    for (const r of rows) add({ ...r, lon: Number(r.lon), lat: Number(r.lat), score: m.score });
  }
  const order = (h: SearchAnswerHit) => (h.type === 'category' ? 0 : 1);
  const best = [...hits.values()]
    .sort((a, b) => b.score - a.score || order(a) - order(b) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, q.limit);
  await tellApart(db, best, q);
  return best;
}

/** fills in each place's and activity's neighbourhood, and an activity's place and next date */
async function tellApart(
  db: Kysely<DB>,
  hits: SearchAnswerHit[],
  q: { tenantId: number; lang: string; timezone: string; now: number },
): Promise<void> {
  const ids = (type: string) => hits.filter((h) => h.type === type).map((h) => h.id);
  const areaOf = (geom: string) => sql`(
    SELECT COALESCE(a.names->>${q.lang}::text, a.name) FROM area a
    WHERE a.tenant_id = ${q.tenantId} AND a.kind = 'neighbourhood' AND ST_Intersects(a.geom, ${sql.raw(geom)})
    ORDER BY a.name LIMIT 1)`;
  type Found = { place: string | null; area: string | null; dates: (number | string)[] | string | null };
  const found = new Map<string, Found>();
  const opportunities = ids('opportunity');
  if (opportunities.length) {
    const { rows } = await sql<Found & { id: string }>`
      SELECT o.id::text AS id, COALESCE(p.names->>${q.lang}::text, p.name) AS place, ${areaOf('o.geom')} AS area,
             (SELECT json_agg(d.s ORDER BY d.s) FROM (
                SELECT (extract(epoch FROM oc.starts_at) * 1000)::float8 AS s FROM occurrence oc
                WHERE oc.opportunity_id = o.id AND oc.ends_at > ${new Date(q.now).toISOString()}::timestamptz
                ORDER BY oc.starts_at LIMIT 2) d) AS dates
      FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
      WHERE o.tenant_id = ${q.tenantId} AND o.id::text = ANY(${opportunities}::text[])`.execute(db);
    for (const r of rows) found.set(`opportunity:${r.id}`, r);
  }
  const places = ids('place');
  if (places.length) {
    const { rows } = await sql<{ id: string; area: string | null }>`
      SELECT p.id::text AS id, ${areaOf('p.anchor')} AS area
      FROM place p WHERE p.tenant_id = ${q.tenantId} AND p.id::text = ANY(${places}::text[])`.execute(db);
    for (const r of rows) found.set(`place:${r.id}`, { place: null, area: r.area, dates: null });
  }
  for (const h of hits) {
    const f = found.get(`${h.type}:${h.id}`);
    if (!f) continue;
    h.place = f.place;
    h.area = f.area;
    const dates = (typeof f.dates === 'string' ? (JSON.parse(f.dates) as number[]) : (f.dates ?? [])).map(Number);
    h.next = dates[0] === undefined ? null : isoWithOffset(dates[0], q.timezone);
    h.after = dates[1] === undefined ? null : isoWithOffset(dates[1], q.timezone);
  }
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
