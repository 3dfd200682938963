/**
 * The reference answer of "what's on": a frozen copy of the JavaScript implementation that
 * expanded every candidate's schedules per request (before issue 11 moved it into SQL over stored
 * occurrences). Tests compare the SQL answer with this one; do not change it to fit the new code.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import type { ScheduleRecord } from '../../server/import/records.ts';
import { localized } from '../../server/layers/queries.ts';
import {
  nextOccurrencesOfAll,
  type Occurrence,
  type Schedule,
} from '../../server/opportunities/occurrences.ts';
import type { SearchItem, SearchQuery, SearchResult } from '../../server/opportunities/search.ts';
import { localHour } from '../../server/opportunities/windows.ts';

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

const CANDIDATES = 20_000;

/**
 * The expansion is a pure function of the schedules, the start and the count, and the slowest
 * part of this reference (rrule in JavaScript): the tests ask it for the same opportunities from
 * the same start again and again (every filter of one window and `now`), so each expansion is
 * done once. The key is the whole input: a changed schedule is a new key, never a stale answer.
 * (Only how often it is computed changes, not what is computed.)
 */
const expanded = new Map<string, Occurrence[]>();
function nextOccurrencesOnce(schedules: Schedule[], from: number, count: number): Occurrence[] {
  const key = `${from}|${count}|${JSON.stringify(schedules)}`;
  let hit = expanded.get(key);
  if (!hit) {
    hit = nextOccurrencesOfAll(schedules, from, count);
    if (expanded.size > 50_000) expanded.clear();
    expanded.set(key, hit);
  }
  return hit;
}

/** every schedule of an opportunity row: the imported list, else the main schedule's columns */
function schedulesOf(
  r: Pick<Row, 'schedules' | 'dtstart' | 'duration_minutes' | 'rrule' | 'timezone'>,
  tz: string,
): Schedule[] {
  if (r.schedules?.length) {
    return r.schedules.map((s) => ({
      dtstart: s.dtstart,
      duration_minutes: s.durationMinutes,
      rrule: s.rrule,
      timezone: s.timezone ?? tz,
      ...(s.exdates ? { exdates: s.exdates } : {}),
    }));
  }
  if (r.dtstart && r.duration_minutes) {
    return [
      {
        dtstart: r.dtstart.replace(' ', 'T'),
        duration_minutes: r.duration_minutes,
        rrule: r.rrule,
        timezone: r.timezone ?? tz,
      },
    ];
  }
  return [];
}

export async function searchOracle(db: Kysely<DB>, q: SearchQuery): Promise<SearchResult> {
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
           (o.source = 'proposal' OR COALESCE(o.attributes->>'resident_initiative', '') = 'true') AS resident_initiative
    FROM opportunity o LEFT JOIN place p ON p.id = o.place_id
    WHERE o.tenant_id = ${q.tenantId} AND o.status = 'published'
      ${q.bbox ? sql`AND o.geom && ST_MakeEnvelope(${q.bbox[0]}, ${q.bbox[1]}, ${q.bbox[2]}, ${q.bbox[3]}, 4326)` : sql``}
      ${near ? sql`AND ST_DWithin(o.geom::geography, ${near}, ${q.radiusM ?? 1500}::float8)` : sql``}
      ${q.areaId ? sql`AND ST_Intersects(o.geom, (SELECT a.geom FROM area a WHERE a.id = ${q.areaId} AND a.tenant_id = ${q.tenantId}))` : sql``}
      ${text ? sql`AND (lower(o.title::text) LIKE ${text} OR lower(COALESCE(p.name, '')) LIKE ${text})` : sql``}
    ORDER BY o.id
    LIMIT ${CANDIDATES}`.execute(db);

  // expand the schedules once: the next occurrence in the window (or from now)
  const win = q.window ?? null;
  const enriched = rows.flatMap((r) => {
    const schedules = schedulesOf(r, q.timezone);
    let next: Occurrence | null = null;
    let inWindow = !win;
    if (schedules.length) {
      const from = win ? win.start : q.now;
      const upcoming = nextOccurrencesOnce(schedules, from, win ? 40 : 1);
      if (!win) next = upcoming[0] ?? null;
      else {
        next =
          upcoming.find((o) => {
            const s = Date.parse(o.start);
            return (
              s < win.end &&
              Date.parse(o.end) > win.start &&
              (win.fromHour === undefined || localHour(s, q.timezone) >= win.fromHour)
            );
          }) ?? null;
        inWindow = next !== null;
      }
      // a one-off that is over, or a series that has ended: not shown
      if (!win && !next) return [];
    } else if (win) {
      inWindow = false; // always-available services have no dates to fall in a window
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
  const facets: SearchResult['facets'] = { category: {}, audience: {}, language: {}, free: 0, wheelchair: 0 };
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
  const matching = enriched
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
        // added with grants (issue 13): the row's own columns, no search logic
        grant:
          r.grant_deadline && r.grant_amount !== null && r.grant_currency
            ? { deadline: r.grant_deadline, amount: Number(r.grant_amount), currency: r.grant_currency }
            : null,
        // added with resident initiatives (issue 13): the row's own columns, no search logic
        resident_initiative: r.resident_initiative === true,
      }),
    );
  const sort = q.sort ?? (q.near && !q.window ? 'distance' : 'next');
  const byNext = (a: SearchItem, b: SearchItem) =>
    (a.next ? Date.parse(a.next.start) : Number.POSITIVE_INFINITY) -
    (b.next ? Date.parse(b.next.start) : Number.POSITIVE_INFINITY);
  const byDistance = (a: SearchItem, b: SearchItem) =>
    (a.distance_m ?? Number.POSITIVE_INFINITY) - (b.distance_m ?? Number.POSITIVE_INFINITY);
  matching.sort(
    (a, b) =>
      Number(b.for_you) - Number(a.for_you) ||
      (sort === 'distance' ? byDistance(a, b) || byNext(a, b) : byNext(a, b) || byDistance(a, b)) ||
      a.id.localeCompare(b.id),
  );
  return { total: matching.length, items: matching.slice(0, q.limit), facets };
}
