/**
 * "What's on" answered by expanding schedules on the fly: the database narrows by tenant, area and
 * text; schedules are expanded in the tenant's zone here (RRULE, several schedules, EXDATEs). It is
 * used only for a window that reaches past the stored occurrences' horizon (occurrence-store.ts);
 * search.ts answers the rest in SQL. It reads every candidate, in batches of `BATCH` by id, and
 * keeps only the counts and the best `offset + limit` items, so it is exact at any size and its
 * memory does not grow with the town (its time does: that is the price of a far window).
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ScheduleRecord } from '../import/records.ts';
import { localized } from '../layers/queries.ts';
import { ageFilter } from './ages.ts';
import { nextOccurrencesOfAll, type Occurrence } from './occurrences.ts';
import { schedulesOf } from './schedules.ts';
import { grantOfItem, kindFilter, RESIDENT_INITIATIVE_SQL, type SearchItem, type SearchQuery, type SearchResult } from './search.ts';
import { localHour } from './windows.ts';

interface Row {
  id: string;
  name: string;
  name_lang: string;
  kind: string;
  categories: string[];
  audiences: string[];
  languages: string[];
  is_free: boolean;
  wheelchair: boolean;
  place_id: string | null;
  place_name: string | null;
  lon: number;
  lat: number;
  distance_m: number | null;
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
  schedules: ScheduleRecord[];
  grant_deadline: string | null;
  grant_amount: number | null;
  grant_currency: string | null;
  resident_initiative: boolean;
}

const BATCH = 5_000;

/** the answer by expanding every candidate's schedules here (windows past the stored horizon) */
export async function searchExpanded(db: Kysely<DB>, q: SearchQuery, batch = BATCH): Promise<SearchResult> {
  const facets: SearchResult['facets'] = { category: {}, audience: {}, language: {}, free: 0, wheelchair: 0 };
  const keep = (q.offset ?? 0) + q.limit;
  const compare = itemOrder(q);
  let best: SearchItem[] = [];
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const rows = await candidates(db, q, after, batch);
    if (!rows.length) break;
    after = rows[rows.length - 1]?.id ?? null;
    const matching = countAndMatch(rows, q, facets);
    total += matching.length;
    best.push(...matching);
    // sorting and cutting once the kept list is twice its size keeps the work linear
    if (best.length > 2 * keep + batch) best = best.sort(compare).slice(0, keep);
    if (rows.length < batch) break;
  }
  best.sort(compare);
  const offset = q.offset ?? 0;
  return { total, items: best.slice(offset, offset + q.limit), facets };
}

/** the next batch of candidates after `after` (by id): published, in the tenant, place and text */
async function candidates(db: Kysely<DB>, q: SearchQuery, after: string | null, batch: number): Promise<Row[]> {
  const near = q.near ? sql`ST_SetSRID(ST_MakePoint(${q.near[0]}, ${q.near[1]}), 4326)::geography` : null;
  const text = q.q?.trim() ? `%${q.q.trim().toLowerCase()}%` : null;
  const { rows } = await sql<Row>`
    SELECT o.id, ${localized('o.title', q.lang, q.defaultLang)} AS name,
           CASE WHEN o.title ? ${q.lang}::text THEN ${q.lang}::text WHEN o.title ? ${q.defaultLang}::text THEN ${q.defaultLang}::text
                ELSE (SELECT key FROM jsonb_each_text(o.title) LIMIT 1) END AS name_lang,
           o.kind, o.categories, o.audiences, o.languages, o.is_free,
           COALESCE(o.accessibility->>'wheelchair', p.accessibility->>'wheelchair', '') = 'yes' AS wheelchair,
           p.id AS place_id, COALESCE(p.names->>${q.lang}::text, p.name) AS place_name,
           ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat,
           ${near ? sql`ST_Distance(o.geom::geography, ${near})` : sql`NULL::float8`} AS distance_m,
           o.dtstart::text AS dtstart, o.duration_minutes, o.rrule, o.timezone, o.schedules,
           o.grant_deadline::text AS grant_deadline, o.grant_amount::float8 AS grant_amount, o.grant_currency,
           ${RESIDENT_INITIATIVE_SQL} AS resident_initiative
    FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
    WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published'
      ${kindFilter(q)}
      ${ageFilter(q.age)}
      ${after === null ? sql`` : sql`AND o.id > ${after}`}
      ${q.bbox ? sql`AND o.geom && ST_MakeEnvelope(${q.bbox[0]}, ${q.bbox[1]}, ${q.bbox[2]}, ${q.bbox[3]}, 4326)` : sql``}
      ${near ? sql`AND ST_DWithin(o.geom::geography, ${near}, ${q.radiusM ?? 1500}::float8)` : sql``}
      ${q.areaId ? sql`AND ST_Intersects(o.geom, (SELECT a.geom FROM area a WHERE a.id = ${q.areaId} AND a.tenant_id = ${q.tenantId}))` : sql``}
      ${text ? sql`AND (lower(o.title::text) LIKE ${text} OR lower(COALESCE(p.name, '')) LIKE ${text})` : sql``}
    ORDER BY o.id
    LIMIT ${batch}`.execute(db);
  return rows;
}

/** adds a batch to the facet counts and returns its items that pass every filter */
function countAndMatch(rows: Row[], q: SearchQuery, facets: SearchResult['facets']): SearchItem[] {
  // expand the schedules once: the next occurrence in the window (or from now)
  const win = q.window ?? null;
  const hours = q.hours?.length ? new Set(q.hours) : null;
  const atHour = (s: number) => !hours || hours.has(localHour(s, q.timezone));
  const enriched = rows.flatMap((r) => {
    const schedules = schedulesOf(r, q.timezone);
    let next: Occurrence | null = null;
    let inWindow = !win;
    if (schedules.length) {
      const from = win ? win.start : q.now;
      const upcoming = nextOccurrencesOfAll(schedules, from, win || hours ? 40 : 1);
      if (!win) next = upcoming.find((o) => Date.parse(o.end) > from && atHour(Date.parse(o.start))) ?? null;
      else {
        next =
          upcoming.find((o) => {
            const s = Date.parse(o.start);
            return (
              s < win.end &&
              Date.parse(o.end) > win.start &&
              (win.fromHour === undefined || localHour(s, q.timezone) >= win.fromHour) &&
              atHour(s)
            );
          }) ?? null;
        inWindow = next !== null;
      }
      // a one-off that is over, or a series that has ended (or none at that time of day): not shown
      if (!win && !next) return [];
    } else if (win || hours) {
      // always-available services have no dates to fall in a window or a time of day
      if (!win) return [];
      inWindow = false;
    }
    if (q.happeningNow && !(next && Date.parse(next.start) <= q.now && Date.parse(next.end) > q.now))
      return [];
    return [{ r, next, inWindow }];
  });

  type E = (typeof enriched)[number];
  const has = (list: string[] | undefined, values: string[]) =>
    !list?.length || values.some((v) => list.includes(v));
  const tests: Record<string, (e: E) => boolean> = {
    window: (e) => e.inWindow,
    category: (e) => has(q.categories, e.r.categories),
    audience: (e) => has(q.audiences, e.r.audiences),
    language: (e) => has(q.languages, e.r.languages),
    free: (e) => !q.free || e.r.is_free,
    wheelchair: (e) => !q.wheelchair || e.r.wheelchair,
  };
  const passesExcept = (e: E, skip: string) => Object.entries(tests).every(([k, t]) => k === skip || t(e));
  for (const e of enriched) {
    if (passesExcept(e, 'category'))
      for (const c of e.r.categories) facets.category[c] = (facets.category[c] ?? 0) + 1;
    if (passesExcept(e, 'audience'))
      for (const a of e.r.audiences) facets.audience[a] = (facets.audience[a] ?? 0) + 1;
    if (passesExcept(e, 'language'))
      for (const l of e.r.languages) facets.language[l] = (facets.language[l] ?? 0) + 1;
    if (passesExcept(e, 'free') && e.r.is_free) facets.free++;
    if (passesExcept(e, 'wheelchair') && e.r.wheelchair) facets.wheelchair++;
  }
  const prefer = new Set(q.prefer ?? []);
  return enriched
    .filter((e) => passesExcept(e, ''))
    .map(
      ({ r, next }): SearchItem => ({
        id: r.id,
        name: r.name,
        name_lang: r.name_lang,
        kind: r.kind,
        categories: r.categories,
        audiences: r.audiences,
        languages: r.languages,
        free: r.is_free,
        wheelchair: r.wheelchair,
        place_id: r.place_id,
        place_name: r.place_name,
        lon: Number(r.lon),
        lat: Number(r.lat),
        distance_m: r.distance_m === null ? null : Math.round(Number(r.distance_m)),
        next,
        for_you: r.audiences.some((a) => prefer.has(a)),
        grant: grantOfItem(r),
        resident_initiative: r.resident_initiative === true,
      }),
    );
}

/** the list's order: for the preferred audiences first, then by next date or distance, then id */
function itemOrder(q: SearchQuery): (a: SearchItem, b: SearchItem) => number {
  const sort = q.sort ?? (q.near && !q.window ? 'distance' : 'next');
  const byNext = (a: SearchItem, b: SearchItem) =>
    (a.next ? Date.parse(a.next.start) : Number.POSITIVE_INFINITY) -
    (b.next ? Date.parse(b.next.start) : Number.POSITIVE_INFINITY);
  const byDistance = (a: SearchItem, b: SearchItem) =>
    (a.distance_m ?? Number.POSITIVE_INFINITY) - (b.distance_m ?? Number.POSITIVE_INFINITY);
  const forYou = (a: SearchItem, b: SearchItem) => Number(b.for_you) - Number(a.for_you);
  // an explicit sort=distance is nearest first, strictly; what suits the resident breaks ties
  if (q.sort === 'distance')
    return (a, b) => byDistance(a, b) || forYou(a, b) || byNext(a, b) || a.id.localeCompare(b.id);
  return (a, b) =>
    forYou(a, b) ||
    (sort === 'distance' ? byDistance(a, b) || byNext(a, b) : byNext(a, b) || byDistance(a, b)) ||
    a.id.localeCompare(b.id);
}
