/**
 * Open Referral (the San Mateo Ohana sample, and an HSDS 2.x-style fixture) and iCalendar feeds:
 * parsed records checked against the files read independently, then imported on both databases.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import rrulePkg from 'rrule';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { parseHsds } from '../../server/import/hsds.ts';
import { parseIcal, wallToInstant } from '../../server/import/ical.ts';
import type { OpportunityRecord, ParseItem, PlaceRecord } from '../../server/import/records.ts';
import { runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

const { RRule } = rrulePkg;
const SANMATEO = path.join(SHARED_DATA, 'hsds-ohana-sanmateo');
const FIX = (...p: string[]) => path.join(PROJECT_ROOT, 'tests', 'fixtures', ...p);

async function all(gen: AsyncIterable<ParseItem>) {
  const out: ParseItem[] = [];
  for await (const i of gen) out.push(i);
  return {
    places: out.filter((i): i is PlaceRecord => i.type === 'place'),
    opps: out.filter((i): i is OpportunityRecord => i.type === 'opportunity'),
    issues: out.flatMap((i) => (i.type === 'issue' ? [i.issue] : [])),
  };
}
const csv = (file: string) =>
  parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];

describe.skipIf(!sharedDataAvailable('hsds-ohana-sanmateo'))(
  'Open Referral: the San Mateo Ohana sample',
  () => {
    let r: Awaited<ReturnType<typeof all>>;
    beforeAll(async () => {
      r = await all(parseHsds({ dir: SANMATEO, timezone: 'America/Los_Angeles' }));
    });

    it('turns every located location into a place and reports the others', () => {
      const locations = csv(path.join(SANMATEO, 'locations.csv'));
      const located = locations.filter((l) => l.latitude && l.longitude);
      expect(locations).toHaveLength(22);
      expect(r.places.map((p) => p.sourceId).sort()).toEqual(located.map((l) => `location/${l.id}`).sort());
      for (const l of locations.filter((x) => !(x.latitude && x.longitude))) {
        expect(r.issues.some((i) => i.reason.includes(`location ${l.id} `))).toBe(true);
      }
      const fairOaks = r.places.find((p) => p.sourceId === 'location/1');
      expect(fairOaks).toMatchObject({
        name: 'Fair Oaks Adult Activity Center',
        address: '2600 Middlefield Road, Redwood City, CA, 94063',
      });
      expect(fairOaks?.accessibility).toMatchObject({ wheelchair: 'yes' });
    });

    it('accounts for every service: a record, or an issue naming it', () => {
      const services = csv(path.join(SANMATEO, 'services.csv'));
      expect(services).toHaveLength(23);
      for (const s of services) {
        const rec = r.opps.find((o) => o.sourceId === `service/${s.id}`);
        const reported = r.issues.some((i) => i.reason.includes(`service ${s.id} `));
        expect(rec || reported, `service ${s.id}`).toBeTruthy();
      }
      const fairOaks = r.opps.find((o) => o.sourceId === 'service/1');
      expect(fairOaks).toMatchObject({
        placeSourceId: 'location/1',
        audiences: expect.arrayContaining(['seniors']),
        languages: expect.arrayContaining(['en', 'es', 'tl']),
      });
      expect(fairOaks?.categories).toEqual(expect.arrayContaining(['food-support', 'learning']));
      expect(fairOaks?.eligibility).toMatch(/Age 55 or over/);
    });

    it('turns weekday opening hours into weekly RRULEs, grouping days with the same hours', () => {
      const rows = csv(path.join(SANMATEO, 'regular_schedules.csv')).filter((s) => s.location_id === '22');
      expect(rows.length).toBeGreaterThan(3);
      // service 23 has no hours of its own: it takes those of its location, 22
      const svc = r.opps.find((o) => o.sourceId === 'service/23');
      expect(svc?.placeSourceId).toBe('location/22');
      expect(svc?.schedules).toHaveLength(3);
      const weekday = svc?.schedules.find((s) => s.rrule?.includes('MO'));
      expect(weekday).toMatchObject({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', durationMinutes: 540 });
      expect(weekday?.dtstart).toMatch(/T08:00$/);
      // service 22 has its own: Monday 08:00–12:00 and 14:00–4:00 PM, Wednesday 10:00–3pm
      const own = r.opps
        .find((o) => o.sourceId === 'service/22')
        ?.schedules.map((s) => [s.rrule, s.dtstart.slice(11), s.durationMinutes]);
      expect(own).toEqual([
        ['FREQ=WEEKLY;BYDAY=MO', '08:00', 240],
        ['FREQ=WEEKLY;BYDAY=MO', '14:00', 120],
        ['FREQ=WEEKLY;BYDAY=WE', '10:00', 300],
      ]);
    });

    describeEachDatabase('importing the San Mateo sample', (ctx) => {
      it('stores places and services with their schedules, and shows the next dates through the API', async () => {
        const report = await runImport(ctx.database.db, {
          format: 'hsds',
          path: SANMATEO,
          tenant: 'lindmere',
          source: 'sanmateo',
        });
        expect(report.layers.sites?.inserted).toBe(r.places.length);
        expect(report.layers.programs?.inserted).toBe(r.opps.length);
        const row = await ctx.database.db
          .selectFrom('opportunity')
          .select(['id'])
          .where('source', '=', 'sanmateo')
          .where('source_id', '=', 'service/23')
          .executeTakeFirstOrThrow();
        const { body } = await ctx.getJson<{ next_occurrences: { start: string }[] }>(
          `/api/opportunities/${row.id}`,
        );
        expect(body.next_occurrences.length).toBe(5);
      });
    });
  },
);

describe('Open Referral: an HSDS 2.x package', () => {
  it('reads service_at_location, schedule.csv with byday, and language.csv', async () => {
    const r = await all(parseHsds({ dir: FIX('hsds2'), timezone: 'Europe/Amsterdam' }));
    expect(r.places).toHaveLength(2);
    expect(r.opps.map((o) => o.sourceId).sort()).toEqual([
      'service/svc-1@location/loc-1',
      'service/svc-1@location/loc-2',
      'service/svc-2',
    ]);
    const circle = r.opps.find((o) => o.sourceId === 'service/svc-1@location/loc-2');
    expect(circle).toMatchObject({
      languages: ['en', 'uk', 'ru'],
      cost: { free: true },
      audiences: ['newcomers'],
    });
    expect(circle?.schedules).toEqual([
      {
        dtstart: '2026-01-05T18:00',
        durationMinutes: 90,
        rrule: 'FREQ=WEEKLY;BYDAY=MO,WE',
        timezone: 'Europe/Amsterdam',
      },
    ]);
    const lunch = r.opps.find((o) => o.sourceId === 'service/svc-2');
    expect(lunch?.schedules.map((s) => s.rrule)).toEqual(['FREQ=WEEKLY;BYDAY=TU,TH']);
    expect(lunch).toMatchObject({ cost: { free: false, note: '3 EUR' }, audiences: ['seniors'] });
  });
});

describe('iCalendar', () => {
  it("loads and parses through the CLI's own path (Node's ESM loader under tsx, not vitest's)", () => {
    // vitest's module interop hid that `import { rrulestr } from 'rrule'` fails under Node:
    // the importer is loaded here exactly as `npm run import -- ical` loads it (formats.ts)
    const script = `
      const { parserFor } = await import('./server/import/formats.ts');
      const parse = await parserFor('ical');
      const items = [];
      for await (const i of parse({ path: ${JSON.stringify(FIX('ical', 'library-events.ics'))}, source: 's', timezone: 'Europe/Amsterdam' })) items.push(i);
      console.log(JSON.stringify(items.map((i) => i.type === 'opportunity' ? i.sourceId : i.type)));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const ids = JSON.parse(r.stdout.trim()) as string[];
    expect(ids).toHaveLength(4);
    expect(ids).toEqual(
      expect.arrayContaining([
        'bookfair@library.example',
        'storytime@library.example',
        'talk@library.example',
      ]),
    );
    expect(ids.some((id) => /^storytime@library\.example#/.test(id))).toBe(true);
  });

  it('keeps a recurring event as one record with its rule, exdates and overridden instance', async () => {
    const r = await all(parseIcal({ file: FIX('ical', 'library-events.ics'), timezone: 'Europe/Amsterdam' }));
    expect(r.issues).toEqual([]);
    const series = r.opps.find((o) => o.sourceId === 'storytime@library.example');
    expect(series).toMatchObject({
      title: { en: 'Story time for toddlers', fr: 'Heure du conte pour les tout-petits' },
      categories: ['learning', 'family-children'],
      organisation: 'Lindmere Library events',
      geometry: { type: 'Point', coordinates: [3.5, 54.5] },
    });
    const s = series?.schedules[0];
    expect(s).toMatchObject({
      dtstart: '2026-10-20T10:00',
      durationMinutes: 60,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
    expect(s?.exdates?.sort()).toEqual(['2026-11-03T10:00', '2026-11-10T10:00']);
    // expanded on wall-clock time, the rule stays at 10:00 across the end of summer time (25 Oct)
    const rule = new RRule({
      ...RRule.parseString(s?.rrule ?? ''),
      dtstart: new Date(Date.UTC(2026, 9, 20, 10, 0)),
    });
    const walls = rule
      .between(new Date(Date.UTC(2026, 9, 19)), new Date(Date.UTC(2026, 10, 18)), true)
      .map((d) => d.toISOString().slice(0, 16))
      .filter((w) => !s?.exdates?.includes(w));
    expect(walls).toEqual(['2026-10-20T10:00', '2026-10-27T10:00', '2026-11-17T10:00']);
    expect(
      new Date(wallToInstant({ y: 2026, mo: 10, d: 20, h: 10, mi: 0 }, 'Europe/Warsaw')).toISOString(),
    ).toBe('2026-10-20T08:00:00.000Z');
    expect(
      new Date(wallToInstant({ y: 2026, mo: 10, d: 27, h: 10, mi: 0 }, 'Europe/Warsaw')).toISOString(),
    ).toBe('2026-10-27T09:00:00.000Z');

    const moved = r.opps.find((o) => o.sourceId.startsWith('storytime@library.example#'));
    expect(moved?.schedules[0]).toMatchObject({ dtstart: '2026-11-10T11:30', rrule: null });
    expect(r.opps.find((o) => o.sourceId === 'bookfair@library.example')?.schedules[0]).toMatchObject({
      dtstart: '2026-12-05T00:00',
      durationMinutes: 2880,
    });
    // 17:00 UTC is 18:00 in Amsterdam in December
    expect(r.opps.find((o) => o.sourceId === 'talk@library.example')?.schedules[0]).toMatchObject({
      dtstart: '2026-12-01T18:00',
      durationMinutes: 90,
    });
  });

  it('refuses a truncated feed, and reports bad events with their line', async () => {
    await expect(
      all(parseIcal({ file: FIX('ical', 'broken.ics'), timezone: 'Europe/Amsterdam' })),
    ).rejects.toThrow(/broken\.ics cannot be read \(truncated/);
    const fixed = path.join(
      fs.mkdtempSync(path.join(PROJECT_ROOT, 'node_modules', '.cache-ical-')),
      'broken-closed.ics',
    );
    fs.writeFileSync(
      fixed,
      `${fs.readFileSync(FIX('ical', 'broken.ics'), 'utf8')}END:VEVENT\r\nEND:VCALENDAR\r\n`,
    );
    const r = await all(parseIcal({ file: fixed, timezone: 'Europe/Amsterdam' }));
    expect(r.issues.map((i) => [i.ref.line, i.reason])).toEqual([
      [4, expect.stringMatching(/no DTSTART/)],
      [8, expect.stringMatching(/invalid RRULE/)],
    ]);
    expect(r.opps.map((o) => o.sourceId)).toEqual(['truncated@library.example']);
    fs.rmSync(path.dirname(fixed), { recursive: true });
  });

  describeEachDatabase('importing a feed', (ctx) => {
    it('stores the series once, and the API skips its excluded dates', async () => {
      const report = await runImport(ctx.database.db, {
        format: 'ical',
        path: FIX('ical', 'library-events.ics'),
        tenant: 'lindmere',
        source: 'library-ics',
      });
      expect(report.layers.programs?.inserted).toBe(4);
      const again = await runImport(ctx.database.db, {
        format: 'ical',
        path: FIX('ical', 'library-events.ics'),
        tenant: 'lindmere',
        source: 'library-ics',
      });
      expect(again.layers.programs).toMatchObject({ inserted: 0, updated: 4 });
      const row = await ctx.database.db
        .selectFrom('opportunity')
        .select(['id', 'rrule', 'schedules'])
        .where('source', '=', 'library-ics')
        .where('source_id', '=', 'storytime@library.example')
        .executeTakeFirstOrThrow();
      expect(row.rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
      const { body } = await ctx.getJson<{ next_occurrences: { start: string }[] }>(
        `/api/opportunities/${row.id}?occurrences=10`,
      );
      const starts = body.next_occurrences.map((o) => o.start.slice(0, 16));
      expect(starts).not.toContain('2026-11-03T10:00');
      expect(starts).not.toContain('2026-11-10T10:00');
      expect(starts.every((s) => s.endsWith('T10:00'))).toBe(true);
    });
  });
});
