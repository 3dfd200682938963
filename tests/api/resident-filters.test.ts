/**
 * Issue 14, item 6: "nearest to the chosen point" is sorted by distance even when the resident
 * chose an audience or a time window; filters for the time of day (morning, afternoon, evening, in the town's time
 * zone) and for a person's age ("for my 2-year-old", "I am 75"), on both databases, in
 * GET /api/opportunities and the feeds; the stored-occurrence answer and the on-the-fly
 * expansion agree. Checked against an independent reading of the data: the occurrences' start
 * instants (hours computed here with Intl, not the stored local hour) and the age ranges and
 * audience bands of the taxonomy.
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { type Filters, toSearchQuery } from '../../server/opportunities/filters.ts';
import { type SearchQuery, searchOpportunities } from '../../server/opportunities/search.ts';
import { searchExpanded } from '../../server/opportunities/search-expanded.ts';
import { describeEachDatabase } from '../support/databases.ts';

interface Item {
  id: string;
  name: string;
  audiences: string[];
  next: { start: string; end: string } | null;
  distance_m: number | null;
  for_you: boolean;
}
interface Result {
  total: number;
  items: Item[];
}
interface Tenant {
  id: number;
  timezone: string;
  defaultLocale: string;
}

const BANDS = { morning: [5, 11], afternoon: [12, 16], evening: [17, 23] } as const;
type Band = keyof typeof BANDS;

const audiences = (
  JSON.parse(fs.readFileSync(new URL('../../data/taxonomy/audiences.json', import.meta.url), 'utf8')) as {
    audiences: { code: string; age_bands: string[] }[];
  }
).audiences;

/** the rule, written again from the issue: the age range, else the audiences' census bands */
function suits(o: { age_min: number | null; age_max: number | null; audiences: string[] }, age: number) {
  if (o.age_min !== null || o.age_max !== null) return (o.age_min ?? 0) <= age && age <= (o.age_max ?? 999);
  if (o.audiences.length === 0) return true;
  return o.audiences.some((code) => {
    const bands = audiences.find((a) => a.code === code)?.age_bands ?? [];
    if (bands.length === 0) return true;
    return bands.some((b) => {
      const [lo, hi] = b.endsWith('+') ? [Number(b.slice(0, -1)), 999] : b.split('-').map(Number);
      return (lo as number) <= age && age <= (hi as number);
    });
  });
}

describeEachDatabase('time of day and age filters', (ctx) => {
  let tenant: Tenant;
  const db = () => ctx.database.db;
  const hourIn = (iso: string | number) =>
    Number(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: tenant.timezone }).format(
        new Date(iso),
      ),
    );
  const query = (f: Partial<Record<keyof Filters, unknown>>, now: number): SearchQuery =>
    toSearchQuery(f as Filters, { tenant, config: { NEARBY_DEFAULT_RADIUS_M: 1500 }, now, limit: 500 });

  beforeAll(async () => {
    const { rows } = await sql<Tenant>`
      SELECT id, timezone, default_locale AS "defaultLocale" FROM tenant WHERE slug = 'lindmere'`.execute(db());
    tenant = rows[0] as Tenant;
  });

  it('time_of_day keeps what starts in those hours (town time), each with its first such date', async () => {
    const now = Date.now();
    for (const times of [['morning'], ['afternoon'], ['evening'], ['morning', 'evening']] as Band[][]) {
      const q = query({ when: 'week', time_of_day: times }, now);
      const win = q.window as { start: number; end: number };
      const label = times.join(',');
      // independently: every occurrence overlapping the window, its local hour computed here
      const { rows } = await sql<{ id: string; s: Date; e: Date }>`
        SELECT oc.opportunity_id AS id, oc.starts_at AS s, oc.ends_at AS e
        FROM occurrence oc JOIN opportunity o ON o.id = oc.opportunity_id
        WHERE o.tenant_id = ${tenant.id} AND o.status = 'published'
          AND oc.starts_at < ${new Date(win.end).toISOString()}::timestamptz
          AND oc.ends_at > ${new Date(win.start).toISOString()}::timestamptz
        ORDER BY oc.starts_at`.execute(db());
      const first = new Map<string, number>();
      for (const r of rows) {
        const s = new Date(r.s).getTime();
        const h = hourIn(s);
        if (times.some((t) => h >= BANDS[t][0] && h <= BANDS[t][1]) && !first.has(r.id)) first.set(r.id, s);
      }
      const { status, body } = await ctx.getJson<Result>(
        `/api/opportunities?when=week&time_of_day=${label}&limit=500`,
      );
      expect(status, label).toBe(200);
      expect(body.total, label).toBeGreaterThan(0);
      expect(body.items.map((i) => i.id).sort(), label).toEqual([...first.keys()].sort());
      for (const i of body.items) expect(Date.parse(i.next?.start ?? ''), `${label} ${i.name}`).toBe(first.get(i.id));
      // the stored answer is the on-the-fly expansion's (one case: the expansion is slow)
      if (times.length > 1) expect(await searchOpportunities(db(), q), label).toEqual(await searchExpanded(db(), q));
    }
    // without a window: the next date at that time of day, never an always-open service
    const { body } = await ctx.getJson<Result>('/api/opportunities?time_of_day=evening&limit=500');
    expect(body.total).toBeGreaterThan(0);
    for (const i of body.items) expect(hourIn(i.next?.start ?? '')).toBeGreaterThanOrEqual(17);
    const q = query({ time_of_day: ['evening'], category: ['social'] }, now);
    expect(await searchOpportunities(db(), q)).toEqual(await searchExpanded(db(), q));
  });

  it('age keeps what suits a person of that age: a toddler, a teenager, a 75-year-old', async () => {
    const { rows } = await sql<{ id: string; age_min: number | null; age_max: number | null; audiences: string[] }>`
      SELECT id, age_min, age_max, audiences FROM opportunity WHERE tenant_id = ${tenant.id}`.execute(db());
    const byId = new Map(rows.map((r) => [r.id, r]));
    const all = await ctx.getJson<Result>('/api/opportunities?limit=500');
    const now = Date.now();
    for (const age of [2, 15, 75]) {
      const { status, body } = await ctx.getJson<Result>(`/api/opportunities?age=${age}&limit=500`);
      expect(status).toBe(200);
      const want = all.body.items.filter((i) => suits(byId.get(i.id) as (typeof rows)[number], age)).map((i) => i.id);
      expect(body.items.map((i) => i.id), `age ${age}`).toEqual(want);
      expect(want.length, `age ${age}`).toBeGreaterThan(0);
      expect(want.length, `age ${age} narrows`).toBeLessThan(all.body.total);
      if (age === 2) {
        const q = query({ age, when: 'week' }, now);
        expect(await searchOpportunities(db(), q), `age ${age}`).toEqual(await searchExpanded(db(), q));
      }
    }
    const toddler = (await ctx.getJson<Result>('/api/opportunities?age=2&limit=500')).body.items.map((i) => i.name);
    expect(toddler).toContain('Rhyme time for babies and toddlers');
    expect(toddler).not.toContain('Youth basketball drop-in');
    expect(toddler).not.toContain('Book club');
    const senior = (await ctx.getJson<Result>('/api/opportunities?age=75&limit=500')).body.items.map((i) => i.name);
    expect(senior).toContain('Tai chi in the park');
    expect(senior).not.toContain('Rhyme time for babies and toddlers');
  });

  it('the feeds take the same filters', async () => {
    const list = await ctx.getJson<Result>('/api/opportunities?when=week&time_of_day=morning&age=2&limit=500');
    expect(list.status).toBe(200);
    const res = await ctx.app.request('/api/feeds/calendar.ics?when=week&time_of_day=morning&age=2');
    expect(res.status).toBe(200);
    const ics = await res.text();
    const uids = new Set([...ics.matchAll(/^UID:([0-9a-f-]{36})/gm)].map((m) => m[1]));
    expect(uids.size).toBeGreaterThan(0);
    const week = await (await ctx.app.request('/api/feeds/calendar.ics?when=week')).text();
    expect(uids.size, 'the filters narrow the feed').toBeLessThan(week.match(/^UID:/gm)?.length ?? 0);
    expect([...uids].sort()).toEqual([...new Set(list.body.items.map((i) => i.id))].sort());
  });

  it('sort=distance is nearest first, strictly: what suits the resident only breaks ties', async () => {
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM area
      WHERE tenant_id = ${tenant.id} AND kind = 'neighbourhood' ORDER BY name LIMIT 4`.execute(db());
    let preferredNotFirst = 0;
    for (const p of rows)
      for (const extra of ['', '&when=week', '&when=weekend&free=true']) {
        const path = `/api/opportunities?lon=${p.lon}&lat=${p.lat}&radius_m=2500&prefer=seniors,new-parents&sort=distance${extra}&limit=500`;
        const { status, body } = await ctx.getJson<Result>(path);
        expect(status, path).toBe(200);
        const d = body.items.map((i) => i.distance_m ?? Number.NaN);
        expect(d, path).toEqual([...d].sort((a, b) => a - b));
        if (body.items.some((i) => i.for_you) && !body.items[0]?.for_you) preferredNotFirst++;
      }
    // the case the residents saw: what suits them was listed before what is nearer
    expect(preferredNotFirst).toBeGreaterThan(0);
    const q = query({ lon: rows[0]?.lon, lat: rows[0]?.lat, radius_m: 2500, prefer: ['seniors'], sort: 'distance', when: 'week' }, Date.now());
    expect(await searchOpportunities(db(), q)).toEqual(await searchExpanded(db(), q));
  });

  it('refuses a bad time of day or age, naming it', async () => {
    for (const [qs, word] of [
      ['time_of_day=night', /time_of_day/],
      ['time_of_day=morning,noon', /time_of_day "noon"/],
      ['age=-1', /age must be at least 0/],
      ['age=121', /age must be at most 120/],
      ['age=two', /age must be a number/],
      ['age=2.5', /age must be a whole number/],
    ] as const) {
      const r = await ctx.getJson<{ error: { message: string } }>(`/api/opportunities?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.error.message, qs).toMatch(word);
      const feed = await ctx.app.request(`/api/feeds/atom.xml?${qs}`);
      expect(feed.status, `feed ${qs}`).toBe(400);
    }
  });
});
