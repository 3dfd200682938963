/**
 * "What's on" in SQL over stored occurrences (issue 11, item 1), on both databases:
 * - the SQL answer equals the reference JavaScript expansion (tests/support/search-oracle.ts) —
 *   items, order, total, facets — for many filter combinations, windows and `now`s on the demo town;
 * - stored occurrences follow an import (a changed schedule changes the rows, a rejected import
 *   leaves them), the horizon moves on as time passes, and a window past the horizon stays exact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../server/db/schema.ts';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_OCCURRENCE_HORIZON_DAYS } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import type { Filters } from '../../server/opportunities/filters.ts';
import { toSearchQuery } from '../../server/opportunities/filters.ts';
import {
  moveTenantHorizon,
  refreshChangedOccurrences,
  refreshDueOccurrences,
  refreshTenantOccurrences,
  storedHorizon,
} from '../../server/opportunities/occurrence-store.ts';
import { type SearchQuery, searchOpportunities } from '../../server/opportunities/search.ts';
import { searchExpanded } from '../../server/opportunities/search-expanded.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { searchOracle } from '../support/search-oracle.ts';

const DAY = 86_400_000;
const HORIZON = DEFAULT_OCCURRENCE_HORIZON_DAYS;

interface TenantRow {
  id: number;
  timezone: string;
  defaultLocale: string;
}

/** filters as the tests write them (the values come from the data, so they are plain strings) */
type F = { [K in keyof Filters]?: Filters[K] extends string[] | undefined ? string[] : Filters[K] };

const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

describeEachDatabase('what’s on in SQL', (ctx) => {
  const db = () => ctx.database.db;
  let tenant: TenantRow;
  let t0: number;
  let filledBefore = 0;
  const query = (f: F, now: number, limit = 500): SearchQuery =>
    toSearchQuery(f as unknown as Filters, { tenant, config: { NEARBY_DEFAULT_RADIUS_M: 1500 }, now, limit });
  const storedRows = async () =>
    Number(
      (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM occurrence WHERE tenant_id = ${tenant.id}`.execute(db())
      ).rows[0]?.n,
    );

  beforeAll(async () => {
    const row = await sql<TenantRow>`
      SELECT id, timezone, default_locale AS "defaultLocale" FROM tenant WHERE slug = 'lindmere'`.execute(
      db(),
    );
    tenant = row.rows[0] as TenantRow;
    expect(tenant).toBeTruthy();
    filledBefore = await storedRows();
    t0 = Date.now();
    await db()
      .transaction()
      .execute((trx) => refreshTenantOccurrences(trx, tenant.id, { now: t0, horizonDays: HORIZON }));
  });

  it('the migration and the demo import filled the occurrences', async () => {
    expect(filledBefore).toBeGreaterThan(100);
    expect(await storedRows()).toBeGreaterThan(100);
    const h = await storedHorizon(db(), tenant.id);
    expect(h).toEqual({ fromAt: t0, untilAt: t0 + HORIZON * DAY });
  });

  it('answers exactly as the reference expansion for many filters, windows and times', async () => {
    const all = await searchOracle(db(), query({}, t0));
    expect(all.total).toBeGreaterThan(50);
    const cats = Object.keys(all.facets.category).sort();
    const auds = Object.keys(all.facets.audience).sort();
    const langs = Object.keys(all.facets.language).sort();
    const pts = all.items.filter((i) => i.place_id).map((i): [number, number] => [i.lon, i.lat]);
    const pick = <T>(list: T[], k: number): T => list[(k * 7) % Math.max(1, list.length)] ?? (list[0] as T);
    const whens: (Filters['when'] | undefined)[] = [
      undefined,
      'today',
      'tomorrow',
      'weekend',
      'week',
      'evenings',
    ];
    const nows = [t0, t0 + 1.3 * DAY, t0 + 9 * DAY + 19 * 3_600_000];
    const combos: F[] = [];
    whens.forEach((when, w) => {
      const base: F = when ? { when } : {};
      combos.push(
        base,
        { ...base, category: [pick(cats, w)] },
        { ...base, category: [pick(cats, w), pick(cats, w + 1)], audience: [pick(auds, w)] },
        { ...base, language: [pick(langs, w)], free: true },
        { ...base, wheelchair: true, prefer: [pick(auds, w + 2)] },
        { ...base, lon: pick(pts, w)[0], lat: pick(pts, w)[1], radius_m: 1200 },
        { ...base, lon: pick(pts, w + 3)[0], lat: pick(pts, w + 3)[1], radius_m: 2500, sort: 'next' },
        { ...base, q: 'gar' },
        { ...base, now: true },
        { ...base, audience: [pick(auds, w + 1)], prefer: [pick(auds, w)], free: false },
      );
    });
    for (const now of nows) {
      const date = isoDate(now + 2 * DAY);
      const extra: F[] = [
        { from: isoDate(now), to: date },
        { from: date, to: date, category: [pick(cats, 3)] },
        { from: isoDate(now + DAY), to: isoDate(now + 20 * DAY), audience: [pick(auds, 1)] },
      ];
      for (const f of [...combos, ...extra]) {
        const q = query(f, now);
        const want = await searchOracle(db(), q);
        const got = await searchOpportunities(db(), q);
        expect(got, JSON.stringify({ f, now })).toEqual(want);
      }
    }
  }, 600_000);

  it('pages with offset: the pages put together are the whole ordered list', async () => {
    const q = query({ when: 'week' }, t0);
    const whole = await searchOracle(db(), q);
    const pages = [];
    for (let offset = 0; offset < whole.total; offset += 7)
      pages.push(...(await searchOpportunities(db(), { ...q, limit: 7, offset })).items);
    expect(pages).toEqual(whole.items);
    const res = await ctx.getJson<{ items: { id: string }[] }>(
      '/api/opportunities?when=week&limit=5&offset=5',
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.id)).toEqual(whole.items.slice(5, 10).map((i) => i.id));
    const bad = await ctx.getJson<{ error: { message: string } }>('/api/opportunities?offset=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/offset/);
  });

  it('a window past the horizon is answered exactly by expanding on the fly', async () => {
    const from = isoDate(t0 + (HORIZON + 10) * DAY);
    const to = isoDate(t0 + (HORIZON + 16) * DAY);
    const q = query({ from, to }, t0);
    const h = await storedHorizon(db(), tenant.id);
    expect(q.window && h && q.window.end > h.untilAt).toBe(true);
    const got = await searchOpportunities(db(), q);
    expect(got.total).toBeGreaterThan(0);
    expect(got).toEqual(await searchOracle(db(), q));
  });

  it('past the horizon, reading the candidates in small batches changes nothing: no candidate cap', async () => {
    const from = isoDate(t0 + (HORIZON + 3) * DAY);
    const to = isoDate(t0 + (HORIZON + 40) * DAY);
    for (const f of [{ from, to }, { from, to, free: true }] as F[]) {
      for (const [limit, offset] of [
        [5, 0],
        [10, 17],
      ] as const) {
        const q = { ...query(f, t0, limit), offset };
        // the reference answers a first page: take the page out of the whole list
        const whole = await searchOracle(db(), { ...q, limit: 100_000, offset: 0 });
        const want = { ...whole, items: whole.items.slice(offset, offset + limit) };
        expect(want.total, JSON.stringify(f)).toBeGreaterThan(7 * 3);
        // batches of 7 rows: many batches, each cut of the kept list exercised
        expect(await searchExpanded(db(), q, 7), JSON.stringify({ f, limit, offset })).toEqual(want);
      }
    }
  });

  it('moving the horizon on, and rewriting only what changed, store the rows a whole rewrite stores', async () => {
    const rowsNow = async (trx: Transaction<DB>) =>
      (
        await sql<{ r: string }>`
          SELECT concat_ws('|', opportunity_id, schedule_no, starts_at, ends_at, local_hour, timezone, beyond) AS r
          FROM occurrence WHERE tenant_id = ${tenant.id} ORDER BY 1`.execute(trx)
      ).rows.map((x) => x.r);
    class Undo extends Error {}
    await db()
      .transaction()
      .execute(async (trx) => {
        await refreshTenantOccurrences(trx, tenant.id, { now: t0, horizonDays: HORIZON });
        let moved = 0;
        // 6 hours, a day, a week; then past the whole stored span
        for (const step of [0.25, 1, 7, 40]) {
          const now = t0 + step * DAY;
          const r = await moveTenantHorizon(trx, tenant.id, { now, horizonDays: HORIZON });
          expect(r.whole).toBe(false);
          moved += r.written;
          const incremental = await rowsNow(trx);
          await refreshTenantOccurrences(trx, tenant.id, { now, horizonDays: HORIZON });
          expect(incremental, `moved on by ${step} days`).toEqual(await rowsNow(trx));
        }
        expect(moved).toBeGreaterThan(0);
        // an edit: one programme's schedule changes, another's title; only those are rewritten
        const { rows: two } = await sql<{ id: string }>`
          SELECT id::text AS id FROM opportunity WHERE tenant_id = ${tenant.id} AND rrule IS NOT NULL ORDER BY id LIMIT 2`.execute(
          trx,
        );
        const [a, b] = two.map((x) => x.id);
        await sql`UPDATE opportunity SET rrule = 'FREQ=DAILY', schedules = '[]'::jsonb, updated_at = now() WHERE id = ${a}::uuid`.execute(
          trx,
        );
        await sql`UPDATE opportunity SET title = title || '{"en":"Renamed"}'::jsonb, updated_at = now() WHERE id = ${b}::uuid`.execute(
          trx,
        );
        const now = t0 + 40 * DAY + 3_600_000;
        const written = await refreshChangedOccurrences(trx, tenant.id, { now, horizonDays: HORIZON });
        const changed = await rowsNow(trx);
        // the daily programme now has a row a day; the rest as they were
        expect(changed.filter((r) => r.startsWith(`${a}|`)).length).toBeGreaterThan(30);
        const stored = await storedHorizon(trx as unknown as Kysely<DB>, tenant.id);
        await refreshTenantOccurrences(trx, tenant.id, {
          now: stored?.fromAt ?? 0,
          horizonDays: HORIZON,
        });
        expect(changed).toEqual(await rowsNow(trx));
        expect(written).toBeLessThan(changed.length / 5);
        throw new Undo();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Undo)) throw e;
      });
  });

  it('the horizon moves on as time passes: the past is dropped, the future added', async () => {
    const later = t0 + 20 * DAY;
    const before = await sql<{ min: string }>`
      SELECT min(ends_at)::text AS min FROM occurrence WHERE tenant_id = ${tenant.id}`.execute(db());
    expect(Date.parse(String(before.rows[0]?.min))).toBeLessThan(later);
    // not due yet: nothing done
    expect(
      await refreshDueOccurrences(db(), { now: t0 + 60_000, horizonDays: HORIZON, refreshMs: 3_600_000 }),
    ).toEqual([]);
    expect(
      await refreshDueOccurrences(db(), { now: later, horizonDays: HORIZON, refreshMs: 3_600_000 }),
    ).toContain(tenant.id);
    expect(await storedHorizon(db(), tenant.id)).toEqual({ fromAt: later, untilAt: later + HORIZON * DAY });
    const after = await sql<{ past: number; far: number }>`
      SELECT count(*) FILTER (WHERE ends_at <= ${new Date(later).toISOString()}::timestamptz)::int AS past,
             count(*) FILTER (WHERE starts_at > ${new Date(t0 + HORIZON * DAY).toISOString()}::timestamptz AND NOT beyond)::int AS far
      FROM occurrence WHERE tenant_id = ${tenant.id}`.execute(db());
    expect(after.rows[0]?.past).toBe(0);
    expect(after.rows[0]?.far).toBeGreaterThan(0);
    for (const f of [{}, { when: 'week' }, { when: 'evenings', free: true }] as F[]) {
      const q = query(f, later + 3_600_000);
      expect(await searchOpportunities(db(), q)).toEqual(await searchOracle(db(), q));
    }
    // a `now` before the stored rows: answered by expansion, still exact
    const q = query({ when: 'today' }, t0);
    expect(await searchOpportunities(db(), q)).toEqual(await searchOracle(db(), q));
    await db()
      .transaction()
      .execute((trx) => refreshTenantOccurrences(trx, tenant.id, { now: t0, horizonDays: HORIZON }));
  });

  it('occurrences follow an import; a rejected import leaves them as they were', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-occ-'));
    const file = path.join(dir, 'club.ics');
    const start = new Date(t0 + DAY);
    const stamp = `${start.toISOString().slice(0, 10).replaceAll('-', '')}T180000`;
    const ics = (byday: string, extra = '') =>
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Commons Map tests//EN',
        'BEGIN:VEVENT',
        'UID:chess@club.example',
        'DTSTAMP:20261001T000000Z',
        `DTSTART;TZID=${tenant.timezone}:${stamp}`,
        'DURATION:PT2H',
        `RRULE:FREQ=WEEKLY;BYDAY=${byday}`,
        'SUMMARY:Chess club',
        'GEO:54.5;3.5',
        'END:VEVENT',
        extra,
        'END:VCALENDAR',
        '',
      ]
        .filter(Boolean)
        .join('\r\n');
    const rowsOf = async () =>
      (
        await sql<{ s: string }>`
          SELECT oc.starts_at::text AS s FROM occurrence oc JOIN opportunity o ON o.id = oc.opportunity_id
          WHERE o.source = 'chess-ics' AND NOT oc.beyond ORDER BY oc.starts_at`.execute(db())
      ).rows.map((r) => r.s);
    const weekdays = async () =>
      new Set(
        (
          await sql<{ d: number }>`
            SELECT DISTINCT extract(isodow FROM oc.starts_at AT TIME ZONE ${tenant.timezone})::int AS d
            FROM occurrence oc JOIN opportunity o ON o.id = oc.opportunity_id WHERE o.source = 'chess-ics'`.execute(
            db(),
          )
        ).rows.map((r) => r.d),
      );
    try {
      fs.writeFileSync(file, ics('MO'));
      await runImport(db(), { format: 'ical', path: file, tenant: 'lindmere', source: 'chess-ics' });
      const monday = await rowsOf();
      // every Monday from tomorrow to the horizon's end: 4 or 5 of them in the 34 days left,
      // by the weekday the test runs on (on a Monday, the fifth falls just past the horizon)
      expect(monday.length).toBeGreaterThanOrEqual(Math.floor((HORIZON - 1) / 7));
      expect(monday.length).toBeLessThanOrEqual(Math.ceil(HORIZON / 7));
      expect(await weekdays()).toEqual(new Set([1]));
      fs.writeFileSync(file, ics('MO,TH'));
      await runImport(db(), { format: 'ical', path: file, tenant: 'lindmere', source: 'chess-ics' });
      expect(await weekdays()).toEqual(new Set([1, 4]));
      const both = await rowsOf();
      expect(both.length).toBeGreaterThan(monday.length);
      // a file with a broken event is refused as a whole: the rows stay as they were
      fs.writeFileSync(
        file,
        ics(
          'WE',
          ['BEGIN:VEVENT', 'UID:bad@club.example', 'DTSTART:not-a-date', 'SUMMARY:Broken', 'END:VEVENT'].join(
            '\r\n',
          ),
        ),
      );
      await expect(
        runImport(db(), { format: 'ical', path: file, tenant: 'lindmere', source: 'chess-ics' }),
      ).rejects.toThrow();
      expect(await rowsOf()).toEqual(both);
      const q = query({ when: 'week', q: 'chess' }, Date.now());
      const res = await searchOpportunities(db(), q);
      expect(res).toEqual(await searchOracle(db(), q));
      expect(res.total).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a tenant import that changes the zone rewrites the local hours of the stored occurrences', async () => {
    const t = (
      await sql<{
        name: Record<string, string>;
        locales: string[];
        home: { center: [number, number]; zoom: number };
        bbox: [number, number, number, number];
        source: string;
        fictional: boolean;
      }>`SELECT name, locales, home, bbox, source, fictional FROM tenant WHERE id = ${tenant.id}`.execute(
        db(),
      )
    ).rows[0];
    if (!t) throw new Error('no tenant');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-zone-'));
    const file = path.join(dir, 'tenant.json');
    const hours = async () =>
      (
        await sql<{ h: number; wall: number }>`
          SELECT local_hour AS h, extract(hour FROM starts_at AT TIME ZONE (SELECT timezone FROM tenant WHERE id = ${tenant.id}))::int AS wall
          FROM occurrence WHERE tenant_id = ${tenant.id} ORDER BY opportunity_id, starts_at LIMIT 50`.execute(
          db(),
        )
      ).rows;
    const write = (timezone: string) =>
      fs.writeFileSync(
        file,
        JSON.stringify({
          slug: 'lindmere',
          defaultLocale: tenant.defaultLocale,
          timezone,
          ...t,
          bbox: t.bbox.map(Number),
        }),
      );
    try {
      const other = tenant.timezone === 'Asia/Tokyo' ? 'America/Vancouver' : 'Asia/Tokyo';
      write(other);
      await runImport(db(), { format: 'tenant', path: file });
      const moved = await hours();
      expect(moved.length).toBeGreaterThan(0);
      for (const r of moved) expect(r.h).toBe(r.wall);
      write(tenant.timezone);
      await runImport(db(), { format: 'tenant', path: file });
      for (const r of await hours()) expect(r.h).toBe(r.wall);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
