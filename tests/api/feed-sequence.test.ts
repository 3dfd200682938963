/**
 * A re-import of an unchanged file changes nothing a subscriber sees: every row's updated_at, the
 * calendar's SEQUENCE, LAST-MODIFIED and UIDs, the Atom feed's <updated> and the feeds' ETags stay
 * as they were. A changed item keeps its UID and raises its SEQUENCE; the others do not move.
 * The feeds are read by independent parsers (python's icalendar and feedparser).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { loadTown, readTownDir } from '../../server/import/town.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { programIdOf, readAtom, readIcs } from '../support/feed-readers.ts';

const DEMO = path.join(PROJECT_ROOT, 'data', 'demo');
const HSDS = path.join(PROJECT_ROOT, 'tests', 'fixtures', 'hsds2');
const DAY = 86_400_000;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-feed-sequence-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** SEQUENCE and LAST-MODIFIED are kept to the second: wait until the next second has begun */
function nextSecond(): Promise<void> {
  const until = Math.floor(Date.now() / 1000) * 1000 + 1000;
  return new Promise((resolve) => {
    const wait = () => (Date.now() >= until ? resolve() : setImmediate(wait));
    wait();
  });
}

/** an iCalendar file of weekly clubs, by source UID and summary */
function clubs(events: [uid: string, summary: string][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Commons Map tests//EN',
    ...events.flatMap(([uid, summary], i) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20261001T000000Z',
      `DTSTART;TZID=Europe/Amsterdam:2026100${i + 5}T1${i}0000`,
      'DURATION:PT1H',
      'RRULE:FREQ=WEEKLY',
      `SUMMARY:${summary}`,
      `GEO:54.50${i};3.50${i}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

interface FeedState {
  /** per calendar UID: its opportunity, SEQUENCE and LAST-MODIFIED */
  events: Record<string, { id: string; sequence: number; lastModified: string | null }>;
  /** per opportunity id: the Atom entry's <updated> */
  entries: Record<string, string>;
  atomUpdated: string;
  etags: string[];
}

describeEachDatabase('updated_at, SEQUENCE and <updated> across re-imports', (ctx) => {
  const tenantId = async () =>
    (await sql<{ id: number }>`SELECT id FROM tenant WHERE slug = 'lindmere'`.execute(ctx.database.db))
      .rows[0]?.id as number;

  /** every area, place and opportunity of the town with its updated_at, to the microsecond */
  async function stored(): Promise<Record<string, string>> {
    const t = await tenantId();
    const { rows } = await sql<{ k: string; u: string }>`
      SELECT 'area:' || id AS k, updated_at::text AS u FROM area WHERE tenant_id = ${t}
      UNION ALL SELECT 'place:' || id, updated_at::text FROM place WHERE tenant_id = ${t}
      UNION ALL SELECT 'opportunity:' || id, updated_at::text FROM opportunity WHERE tenant_id = ${t}`.execute(
      ctx.database.db,
    );
    return Object.fromEntries(rows.map((r) => [r.k, r.u]));
  }

  /** the whole town's calendar and Atom feed (the default window of eight weeks; 180 items < 500) */
  async function feeds(qs = ''): Promise<FeedState> {
    const cal = await ctx.app.request(`/api/feeds/calendar.ics?tenant=lindmere${qs}`);
    const atomRes = await ctx.app.request(`/api/feeds/atom.xml?tenant=lindmere${qs}`);
    expect([cal.status, atomRes.status]).toEqual([200, 200]);
    const ics = readIcs(await cal.text(), Date.now(), Date.now() + DAY);
    const atom = readAtom(await atomRes.text());
    expect(atom.bozo, atom.bozo_exception).toBe(false);
    expect(ics.events.length).toBeGreaterThan(0);
    return {
      events: Object.fromEntries(
        ics.events.map((e) => [
          e.uid,
          { id: programIdOf(e.url) as string, sequence: e.sequence, lastModified: e.last_modified },
        ]),
      ),
      entries: Object.fromEntries(atom.entries.map((e) => [programIdOf(e.link) as string, e.updated])),
      atomUpdated: atom.updated,
      etags: [cal.headers.get('etag') ?? '', atomRes.headers.get('etag') ?? ''],
    };
  }

  const idOfSource = async (source: string, sourceId: string) =>
    (
      await sql<{
        id: string;
      }>`SELECT id FROM opportunity WHERE source = ${source} AND source_id = ${sourceId}`.execute(
        ctx.database.db,
      )
    ).rows[0]?.id as string;

  it('loading the unchanged demo town again moves no updated_at, SEQUENCE, <updated>, UID or ETag', async () => {
    const rows = await stored();
    const before = await feeds();
    const week = await feeds('&when=week&audience=seniors');
    await nextSecond();
    await loadTown(ctx.database.db, readTownDir(DEMO));
    expect(await stored()).toEqual(rows);
    expect(await feeds()).toEqual(before);
    expect(await feeds('&when=week&audience=seniors')).toEqual(week);
  }, 120_000);

  it('a census imported twice moves the neighbourhoods once', async () => {
    const hoods = (
      await sql<{ id: string; name: string; population: number }>`
        SELECT id, name, population FROM area WHERE tenant_id = ${await tenantId()} AND kind = 'neighbourhood'
        ORDER BY name`.execute(ctx.database.db)
    ).rows;
    const file = path.join(dir, 'census.csv');
    fs.writeFileSync(
      file,
      `area,population\n${hoods.map((h) => `"${h.name}",${h.population + 1}`).join('\n')}\n`,
    );
    const opts = {
      format: 'census' as const,
      path: file,
      tenant: 'lindmere',
      mapping: { format: 'census', layout: 'rows', nameColumn: 'area', population: 'population' },
    };
    const rows = await stored();
    await nextSecond();
    await runImport(ctx.database.db, opts);
    const once = await stored();
    for (const h of hoods) expect(once[`area:${h.id}`], h.name).not.toBe(rows[`area:${h.id}`]);
    await nextSecond();
    await runImport(ctx.database.db, opts);
    expect(await stored()).toEqual(once);
  }, 120_000);

  it('an iCalendar file imported twice changes nothing; a changed title raises only its SEQUENCE', async () => {
    const file = path.join(dir, 'clubs.ics');
    const opts = { format: 'ical' as const, path: file, tenant: 'lindmere', source: 'seq-clubs' };
    const three: [string, string][] = [
      ['chess@clubs.example', 'Seqclub chess'],
      ['choir@clubs.example', 'Seqclub choir'],
      ['knit@clubs.example', 'Seqclub knitting'],
    ];
    fs.writeFileSync(file, clubs(three));
    await runImport(ctx.database.db, opts);
    const rows = await stored();
    const first = await feeds();
    const ids = await Promise.all(three.map(([uid]) => idOfSource('seq-clubs', uid)));
    for (const id of ids) expect(Object.values(first.events).map((e) => e.id)).toContain(id);

    await nextSecond();
    await runImport(ctx.database.db, opts);
    expect(await stored()).toEqual(rows);
    expect(await feeds()).toEqual(first);

    // the choir's title changes: same UID, a higher SEQUENCE, a later <updated>; nothing else moves
    fs.writeFileSync(
      file,
      clubs([three[0]!, ['choir@clubs.example', 'Seqclub choir, now on the stage'], three[2]!]),
    );
    await nextSecond();
    await runImport(ctx.database.db, opts);
    const after = await feeds();
    const choir = ids[1] as string;
    expect(Object.keys(after.events).sort()).toEqual(Object.keys(first.events).sort());
    for (const [uid, ev] of Object.entries(after.events)) {
      const was = first.events[uid]!;
      expect(ev.id, uid).toBe(was.id);
      if (ev.id === choir) {
        expect(ev.sequence, uid).toBeGreaterThan(was.sequence);
        expect(Date.parse(ev.lastModified ?? '')).toBeGreaterThan(Date.parse(was.lastModified ?? ''));
      } else {
        expect(ev, uid).toEqual(was);
      }
    }
    for (const [id, updated] of Object.entries(after.entries)) {
      if (id === choir) expect(Date.parse(updated)).toBeGreaterThan(Date.parse(first.entries[id] ?? ''));
      else expect(updated, id).toBe(first.entries[id]);
    }
    expect(after.atomUpdated).toBe(after.entries[choir]);
    expect(after.etags[0]).not.toBe(first.etags[0]);
    const changed = Object.entries(await stored()).filter(([k, u]) => rows[k] !== u);
    expect(changed.map(([k]) => k)).toEqual([`opportunity:${choir}`]);
  }, 120_000);

  it('an HSDS package imported twice changes nothing; a renamed place raises the SEQUENCE of what meets there', async () => {
    const pkg = path.join(dir, 'hsds');
    fs.cpSync(HSDS, pkg, { recursive: true });
    const opts = { format: 'hsds' as const, path: pkg, tenant: 'lindmere', source: 'seq-hsds' };
    await runImport(ctx.database.db, opts);
    const rows = await stored();
    const first = await feeds();
    await nextSecond();
    await runImport(ctx.database.db, opts);
    expect(await stored()).toEqual(rows);
    expect(await feeds()).toEqual(first);

    const locations = path.join(pkg, 'location.csv');
    fs.writeFileSync(
      locations,
      fs.readFileSync(locations, 'utf8').replace('Riverside House', 'Riverside House (hall 2)'),
    );
    await nextSecond();
    await runImport(ctx.database.db, opts);
    const { rows: atHouse } = await sql<{ id: string; place: string }>`
      SELECT o.id, p.id AS place FROM opportunity o JOIN place p ON p.id = o.place_id
      WHERE p.source = 'seq-hsds' AND p.name = 'Riverside House (hall 2)'`.execute(ctx.database.db);
    expect(atHouse.length).toBeGreaterThan(0);
    const moved = new Set(atHouse.map((r) => r.id));
    const changed = Object.entries(await stored()).filter(([k, u]) => rows[k] !== u);
    expect(changed.map(([k]) => k)).toEqual([`place:${atHouse[0]?.place}`]);
    const after = await feeds();
    expect(Object.keys(after.events).sort()).toEqual(Object.keys(first.events).sort());
    for (const [uid, ev] of Object.entries(after.events)) {
      const was = first.events[uid]!;
      if (moved.has(ev.id)) expect(ev.sequence, uid).toBeGreaterThan(was.sequence);
      else expect(ev, uid).toEqual(was);
    }
  }, 120_000);
});
