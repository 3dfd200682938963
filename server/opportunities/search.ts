/**
 * What a resident looks for: opportunities filtered by place, time window, category, audience,
 * language, cost, accessibility and text, with their next date and distance, the counts per filter
 * value (each counted with every other filter applied), and what suits the chosen audiences first.
 *
 * Answered in one SQL statement over the stored occurrences (occurrence-store.ts) on both
 * databases: the next occurrence of each candidate (in the window, or from now) is one index probe
 * of `occurrence_next`. A question outside the span the stored rows answer exactly (a window past
 * the horizon, or a `now` before the rows were written) is answered by expanding the schedules on
 * the fly (search-expanded.ts), so answers stay exact.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { BBox } from '../http/params.ts';
import { localized } from '../layers/queries.ts';
import { ageFilter } from './ages.ts';
import { storedHorizon } from './occurrence-store.ts';
import { isoWithOffset, type Occurrence } from './occurrences.ts';
import { searchExpanded } from './search-expanded.ts';
import type { Window } from './windows.ts';

export { schedulesOf } from './schedules.ts';

export interface SearchQuery {
  tenantId: number;
  timezone: string;
  lang: string;
  defaultLang: string;
  bbox?: BBox | undefined;
  near?: [number, number] | undefined;
  radiusM?: number | undefined;
  /** only what lies in this area (a neighbourhood or a zone) of the tenant */
  areaId?: string | undefined;
  categories?: string[] | undefined;
  audiences?: string[] | undefined;
  languages?: string[] | undefined;
  free?: boolean | undefined;
  wheelchair?: boolean | undefined;
  happeningNow?: boolean | undefined;
  window?: Window | null;
  /** only occurrences starting at these local hours (the tenant's zone): a time-of-day filter */
  hours?: number[] | undefined;
  /** only what suits a person of this age (ages.ts) */
  age?: number | undefined;
  q?: string | undefined;
  prefer?: string[] | undefined;
  /** only opportunities of this kind */
  kind?: string | undefined;
  /** only grants whose deadline is `today` or later */
  openGrants?: boolean | undefined;
  /** the tenant's local date of `now` (YYYY-MM-DD): grants open until the end of their deadline */
  today?: string | undefined;
  /**
   * 'distance': nearest first, strictly ("nearest to the chosen point"; what suits the resident
   * only breaks ties); 'next': soonest first. Unset: what suits the resident first, then nearest
   * (with a point and no window) or soonest.
   */
  sort?: 'next' | 'distance' | undefined;
  limit: number;
  /** items skipped before the first returned (paging); 0 when absent */
  offset?: number | undefined;
  now: number;
}

export interface SearchItem {
  id: string;
  name: string;
  name_lang: string;
  kind: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  free: boolean;
  wheelchair: boolean;
  place_id: string | null;
  place_name: string | null;
  lon: number;
  lat: number;
  distance_m: number | null;
  next: Occurrence | null;
  /** the opportunity is meant for one of the preferred audiences */
  for_you: boolean;
  /** a grant's deadline (YYYY-MM-DD, inclusive), amount and currency */
  grant: { deadline: string; amount: number; currency: string } | null;
  /** made from a resident's proposal (source 'proposal' or attributes.resident_initiative) */
  resident_initiative: boolean;
}

export interface SearchResult {
  total: number;
  items: SearchItem[];
  facets: {
    category: Record<string, number>;
    audience: Record<string, number>;
    language: Record<string, number>;
    free: number;
    wheelchair: number;
  };
}

/** the area's name, or null when the tenant has no area of that id */
export async function areaName(
  db: Kysely<DB>,
  tenantId: number,
  areaId: string,
  lang: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('area')
    .select(['name', 'names'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', areaId)
    .executeTakeFirst();
  if (!row) return null;
  const names = (row.names ?? {}) as Record<string, string>;
  return names[lang] ?? row.name;
}

const iso = (t: number) => new Date(t).toISOString();
const textArray = (values: string[]) => sql`ARRAY[${sql.join(values.map((v) => sql`${v}::text`))}]::text[]`;
const anyOf = (column: RawBuilder<unknown>, values: string[] | undefined) =>
  values?.length ? sql`(${column} && ${textArray(values)})` : sql`true`;

/** the kind filter and the open-grants filter (shared with search-expanded.ts) */
export function kindFilter(q: Pick<SearchQuery, 'kind' | 'openGrants' | 'today'>): RawBuilder<unknown> {
  return sql`${q.kind ? sql`AND o.kind = ${q.kind}::text` : sql``}
    ${q.openGrants ? sql`AND o.kind = 'grant' AND o.grant_deadline >= ${q.today ?? '1970-01-01'}::date` : sql``}`;
}

/** is the opportunity `o` a resident initiative? (source 'proposal', or attributes.resident_initiative) */
export const RESIDENT_INITIATIVE_SQL = sql<boolean>`(o.source = 'proposal' OR COALESCE(o.attributes->>'resident_initiative', '') = 'true')`;

/** the grant of a row, or null when it has no deadline, amount and currency */
export function grantOfItem(r: {
  grant_deadline: string | null;
  grant_amount: number | string | null;
  grant_currency: string | null;
}): SearchItem['grant'] {
  return r.grant_deadline && r.grant_amount !== null && r.grant_currency
    ? { deadline: r.grant_deadline, amount: Number(r.grant_amount), currency: r.grant_currency }
    : null;
}

/** does the stored span answer this question exactly? */
function storedAnswers(q: SearchQuery, h: { fromAt: number; untilAt: number } | null): boolean {
  if (!h) return false;
  const win = q.window;
  if (win) return win.start >= h.fromAt && win.end <= h.untilAt && (!q.happeningNow || q.now >= h.fromAt);
  return q.now >= h.fromAt && q.now <= h.untilAt;
}

interface SqlItem {
  id: string;
  name: string;
  name_lang: string;
  kind: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  free: boolean;
  wheelchair: boolean;
  place_id: string | null;
  place_name: string | null;
  lon: number;
  lat: number;
  distance_m: number | null;
  s: number | null;
  e: number | null;
  tz: string | null;
  for_you: boolean;
  grant_deadline: string | null;
  grant_amount: number | null;
  grant_currency: string | null;
  resident_initiative: boolean;
}

export interface SqlAnswer {
  total: number | string;
  items: SqlItem[] | string | null;
  category: Record<string, number> | string | null;
  audience: Record<string, number> | string | null;
  language: Record<string, number> | string | null;
  free: number | string;
  wheelchair: number | string;
}

const json = <T>(v: T | string | null, empty: T): T =>
  v === null ? empty : typeof v === 'string' ? (JSON.parse(v) as T) : v;

export async function searchOpportunities(db: Kysely<DB>, q: SearchQuery): Promise<SearchResult> {
  if (!storedAnswers(q, await storedHorizon(db, q.tenantId))) return searchExpanded(db, q);
  const { rows } = await whatsOnSql(q).execute(db);
  return fromAnswer(rows[0]);
}

/** the one statement that answers `q` over the stored occurrences (the benchmark runs it raw too) */
export function whatsOnSql(q: SearchQuery): RawBuilder<SqlAnswer> {
  const near = q.near ? sql`ST_SetSRID(ST_MakePoint(${q.near[0]}, ${q.near[1]}), 4326)::geography` : null;
  const text = q.q?.trim() ? `%${q.q.trim().toLowerCase()}%` : null;
  const win = q.window ?? null;
  const from = win ? win.start : q.now;
  const prefer = q.prefer?.length ? q.prefer : null;
  // a time of day asks for dated occurrences: always-available services have none to fall in it
  const hours = q.hours?.length ? q.hours : null;
  const sort = q.sort ?? (q.near && !win ? 'distance' : 'next');
  const byNext = sql`f.s ASC NULLS LAST`;
  const byDistance = sql`f.dist ASC NULLS LAST`;
  return sql<SqlAnswer>`
    WITH cand AS (
      -- the candidates: tenant, published, place and text (indexed)
      SELECT o.id, ${localized('o.title', q.lang, q.defaultLang)} AS name,
             CASE WHEN o.title ? ${q.lang}::text THEN ${q.lang}::text WHEN o.title ? ${q.defaultLang}::text THEN ${q.defaultLang}::text
                  ELSE (SELECT key FROM jsonb_each_text(o.title) LIMIT 1) END AS name_lang,
             o.kind, o.categories, o.audiences, o.languages, o.is_free,
             COALESCE(o.accessibility->>'wheelchair', p.accessibility->>'wheelchair', '') = 'yes' AS wheelchair,
             p.id AS place_id, COALESCE(p.names->>${q.lang}::text, p.name) AS place_name,
             ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
             ${near ? sql`floor(ST_Distance(o.geom::geography, ${near}) + 0.5)` : sql`NULL::float8`} AS dist,
             o.grant_deadline::text AS grant_deadline, o.grant_amount::float8 AS grant_amount, o.grant_currency,
             ${RESIDENT_INITIATIVE_SQL} AS resident_initiative,
             (CASE WHEN jsonb_typeof(o.schedules) = 'array' THEN jsonb_array_length(o.schedules) > 0 ELSE false END
              OR (o.dtstart IS NOT NULL AND COALESCE(o.duration_minutes, 0) <> 0)) AS scheduled
      FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
      WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published'
        ${kindFilter(q)}
        ${ageFilter(q.age)}
        ${q.bbox ? sql`AND o.geom && ST_MakeEnvelope(${q.bbox[0]}, ${q.bbox[1]}, ${q.bbox[2]}, ${q.bbox[3]}, 4326)` : sql``}
        ${near ? sql`AND ST_DWithin(o.geom::geography, ${near}, ${q.radiusM ?? 1500}::float8)` : sql``}
        ${q.areaId ? sql`AND ST_Intersects(o.geom, (SELECT a.geom FROM area a WHERE a.id = ${q.areaId} AND a.tenant_id = ${q.tenantId}))` : sql``}
        ${
          text
            ? sql`AND o.id IN (SELECT t.id FROM opportunity t WHERE t.tenant_id = ${q.tenantId} AND lower(t.title::text) LIKE ${text}
                  UNION SELECT t.id FROM opportunity t JOIN place tp ON tp.id = t.place_id
                  WHERE t.tenant_id = ${q.tenantId} AND lower(tp.name) LIKE ${text})`
            : sql``
        }
    ),
    e AS (
      -- each candidate's next occurrence: in the window, or the first not ended now
      SELECT c.*, n.s, n.e, n.tz
      FROM cand c LEFT JOIN LATERAL (
        SELECT (extract(epoch FROM oc.starts_at) * 1000)::float8 AS s, (extract(epoch FROM oc.ends_at) * 1000)::float8 AS e,
               oc.timezone AS tz
        FROM occurrence oc
        WHERE oc.opportunity_id = c.id AND oc.ends_at > ${iso(from)}::timestamptz
          ${win ? sql`AND oc.starts_at < ${iso(win.end)}::timestamptz` : sql``}
          ${win?.fromHour !== undefined ? sql`AND oc.local_hour >= ${win.fromHour}::int` : sql``}
          ${hours ? sql`AND oc.local_hour = ANY(${textArray(hours.map(String))}::int[])` : sql``}
        ORDER BY oc.starts_at, oc.schedule_no LIMIT 1
      ) n ON c.scheduled
      WHERE ${win || hours ? sql`n.s IS NOT NULL` : sql`(NOT c.scheduled OR n.s IS NOT NULL)`}
        ${q.happeningNow ? sql`AND n.s <= ${q.now}::float8 AND n.e > ${q.now}::float8` : sql``}
    ),
    f AS (
      -- which of the other filters each one passes (a facet counts with all the others applied)
      SELECT e.*, ${anyOf(sql.ref('e.categories'), q.categories)} AS fc, ${anyOf(sql.ref('e.audiences'), q.audiences)} AS fa,
             ${anyOf(sql.ref('e.languages'), q.languages)} AS fl, ${q.free ? sql`e.is_free` : sql`true`} AS ff,
             ${q.wheelchair ? sql`e.wheelchair` : sql`true`} AS fw,
             ${prefer ? sql`(e.audiences && ${textArray(prefer)})` : sql`false`} AS for_you
      FROM e
    )
    SELECT
      (SELECT count(*) FROM f WHERE fc AND fa AND fl AND ff AND fw) AS total,
      (SELECT json_agg(json_build_object(
                'id', x.id, 'name', x.name, 'name_lang', x.name_lang, 'kind', x.kind, 'categories', x.categories,
                'audiences', x.audiences, 'languages', x.languages, 'free', x.is_free, 'wheelchair', x.wheelchair,
                'place_id', x.place_id, 'place_name', x.place_name, 'lon', x.lon, 'lat', x.lat, 'distance_m', x.dist,
                's', x.s, 'e', x.e, 'tz', x.tz, 'for_you', x.for_you,
                'grant_deadline', x.grant_deadline, 'grant_amount', x.grant_amount, 'grant_currency', x.grant_currency,
                'resident_initiative', x.resident_initiative) ORDER BY x.rank)
       FROM (SELECT f.*, row_number() OVER (
                ORDER BY ${
                  q.sort === 'distance'
                    ? sql`${byDistance}, f.for_you DESC, ${byNext}`
                    : sql`f.for_you DESC, ${sort === 'distance' ? sql`${byDistance}, ${byNext}` : sql`${byNext}, ${byDistance}`}`
                }, f.id
              ) AS rank
             FROM f WHERE fc AND fa AND fl AND ff AND fw
             ORDER BY rank LIMIT ${q.limit} OFFSET ${q.offset ?? 0}) x) AS items,
      (SELECT json_object_agg(v, n) FROM (SELECT v, count(*) AS n FROM f, unnest(f.categories) v
                                           WHERE fa AND fl AND ff AND fw GROUP BY v) c) AS category,
      (SELECT json_object_agg(v, n) FROM (SELECT v, count(*) AS n FROM f, unnest(f.audiences) v
                                           WHERE fc AND fl AND ff AND fw GROUP BY v) c) AS audience,
      (SELECT json_object_agg(v, n) FROM (SELECT v, count(*) AS n FROM f, unnest(f.languages) v
                                           WHERE fc AND fa AND ff AND fw GROUP BY v) c) AS language,
      (SELECT count(*) FROM f WHERE fc AND fa AND fl AND fw AND is_free) AS free,
      (SELECT count(*) FROM f WHERE fc AND fa AND fl AND ff AND wheelchair) AS wheelchair`;
}

function fromAnswer(r: SqlAnswer | undefined): SearchResult {
  if (!r) throw new Error("the what's-on query returned no row");
  const counts = (v: Record<string, number> | string | null) =>
    Object.fromEntries(Object.entries(json(v, {})).map(([k, n]) => [k, Number(n)]));
  const items = json<SqlItem[]>(r.items, []).map(
    (i): SearchItem => ({
      id: i.id,
      name: i.name,
      name_lang: i.name_lang,
      kind: i.kind,
      categories: i.categories,
      audiences: i.audiences,
      languages: i.languages,
      free: i.free,
      wheelchair: i.wheelchair,
      place_id: i.place_id,
      place_name: i.place_name,
      lon: Number(i.lon),
      lat: Number(i.lat),
      distance_m: i.distance_m === null ? null : Number(i.distance_m),
      next: nextOf(i),
      for_you: i.for_you,
      grant: grantOfItem(i),
      resident_initiative: i.resident_initiative === true,
    }),
  );
  return {
    total: Number(r.total),
    items,
    facets: {
      category: counts(r.category),
      audience: counts(r.audience),
      language: counts(r.language),
      free: Number(r.free),
      wheelchair: Number(r.wheelchair),
    },
  };
}

function nextOf(i: Pick<SqlItem, 's' | 'e' | 'tz'>): Occurrence | null {
  if (i.s === null || i.e === null || !i.tz) return null;
  return { start: isoWithOffset(Number(i.s), i.tz), end: isoWithOffset(Number(i.e), i.tz) };
}
