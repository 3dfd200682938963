/**
 * Reach (issue 13, done-when test 3), on both databases: Vancouver's 22 local areas with their
 * 2016 census population (the real open data), a participation CSV written here, and the reach
 * per neighbourhood and audience checked against a hand computation made straight from the
 * census file (not the server's code). A bad file is refused whole with its row errors and
 * nothing stored; importing a batch again replaces it; proposals, needs and supports counted
 * per neighbourhood.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { runImport } from '../../server/import/run.ts';
import { addUser, type Signed, signIn } from '../support/accounts.ts';
import { describeEachDatabase, testApp } from '../support/databases.ts';
import { sharedDataAvailable, vancouver } from '../support/shared-data.ts';

const M = (name: string) => path.join(PROJECT_ROOT, 'data', 'mappings', 'vancouver', `${name}.json`);

/** the census table: variable id → { local area column → value } (first occurrence = the totals) */
function censusTable(): { areas: string[]; value: (area: string, id: number) => number } {
  const rows = parse(
    new TextDecoder('latin1').decode(fs.readFileSync(vancouver('CensusLocalAreaProfiles2016.csv'))),
    { relax_column_count: true },
  ) as string[][];
  const header = (rows[0] ?? []).map((h) => h.trim());
  const byId = new Map<number, string[]>();
  for (const r of rows.slice(1)) {
    const id = Number(r[0]);
    if (!byId.has(id)) byId.set(id, r);
  }
  return {
    // the 22 local areas: every column but ID, Variable and the city / metro totals
    areas: header.slice(2).filter((h) => h && !h.startsWith('Vancouver')),
    value: (area, id) => Number((byId.get(id)?.[header.indexOf(area)] ?? '').replace(/,/g, '')),
  };
}

// census variable ids of the age groups (the five-year groups the census mapping sums into bands)
const AGE_IDS = {
  '0-4': [3],
  '5-14': [4, 5],
  '15-19': [7],
  '20-29': [8, 9],
  '30-49': [10, 11, 12, 13],
  '50-64': [14, 15, 16],
  '65-79': [18, 19, 20],
  '80+': [21, 22],
};
/** the area names of the map: the census calls Downtown "Central Business District" and hyphenates Arbutus Ridge */
const mapName = (censusColumn: string): string =>
  ({ 'Central Business District': 'Downtown', 'Arbutus-Ridge': 'Arbutus Ridge' })[censusColumn] ??
  censusColumn;

/**
 * By hand: the residents of an audience in a local area are its population (variable 1) times the
 * share of the audience's age groups among all age groups; seniors are 65–79 and 80+, youth 15–19.
 */
function residents(census: ReturnType<typeof censusTable>, area: string, bands: (keyof typeof AGE_IDS)[]) {
  const sum = (ids: number[]) => ids.reduce((s, id) => s + census.value(area, id), 0);
  const all = sum(Object.values(AGE_IDS).flat());
  const of = sum(bands.flatMap((b) => AGE_IDS[b]));
  return (census.value(area, 1) * of) / all;
}

const GOOD_CSV = `programme,period_start,period_end,measure,count,home_neighbourhood,age_band,audience
Seniors walking club,2026-01-01,2026-03-31,participants,120,Strathcona,65-79,
Seniors walking club,2026-01-01,2026-03-31,participants,40,Strathcona,80+,
Seniors walking club,2026-01-01,2026-03-31,participants,300,Kitsilano,65-79,
Seniors walking club,2026-01-01,2026-03-31,participants,25,kitsilano,,seniors
Seniors walking club,2026-01-01,2026-03-31,participants,15,,65-79,
Youth football,2026-01-01,2026-03-31,participants,80,Strathcona,15-19,
Youth football,2026-01-01,2026-03-31,participants,30,Kitsilano,15-19,
Seniors walking club,2026-01-01,2026-03-31,attendance,1500,Strathcona,65-79,
Family mornings,2026-01-01,2026-03-31,participants,60,downtown,30-49,
"Chess, for everyone",2026-02-01,2026-02-28,participants,10,Dunbar Southlands,50-64,
`;
// an earlier quarter in a batch of its own: outside the period asked for
const OLD_CSV = `programme,period_start,period_end,measure,count,home_neighbourhood,age_band
Seniors walking club,2025-01-01,2025-03-31,participants,999,Strathcona,65-79
`;

interface ReachRow {
  id: string;
  name: string;
  audience_population: number;
  participants: number;
  reach: number | null;
  rank: number | null;
  not_reached: number;
  proposals: number;
  needs: number;
  supports: number;
}
interface Reach {
  measure: string;
  measures_available: string[];
  rows: number;
  town: { participants: number; audience_population: number; reach: number | null };
  without_neighbourhood: number;
  neighbourhoods: ReachRow[];
}

const available = sharedDataAvailable('vancouver');
describe.skipIf(!available)('reach', () => {
  describeEachDatabase('participation counts and reach', (ctx) => {
    let app: ReturnType<typeof testApp>;
    let planner: Signed;
    let moderator: Signed;
    let tenantId: number;
    const census = available ? censusTable() : { areas: [], value: () => 0 };
    const Q = '?tenant=vancouver';
    const reach = async (qs: string) => {
      const r = await ctx.getJson<Reach>(`/api/planner/reach${Q}&${qs}`);
      expect(r.status).toBe(200);
      return r.body;
    };
    const importCsv = (batch: string, csv: string, who: Signed | null = planner) =>
      app.request(`/api/admin/participation/import${Q}&batch=${encodeURIComponent(batch)}`, {
        method: 'POST',
        headers: { ...(who ? who.write : {}), 'content-type': 'text/csv' },
        body: csv,
      });
    const stored = async () =>
      Number(
        (
          await sql<{
            n: string;
          }>`SELECT count(*) AS n FROM participation_count WHERE tenant_id = ${tenantId}`.execute(
            ctx.database.db,
          )
        ).rows[0]?.n,
      );
    const audits = async () =>
      ctx.database.db
        .selectFrom('audit_entry')
        .select(['action', 'entity_id', 'previous', 'new'])
        .where('tenant_id', '=', tenantId)
        .where('action', 'like', 'participation.%')
        .orderBy('id')
        .execute();

    beforeAll(async () => {
      const db = ctx.database.db;
      const imp = (format: 'tenant' | 'geojson' | 'census', file: string, mapping: string) =>
        runImport(db, { format, path: file, tenant: 'vancouver', mapping });
      await imp('tenant', M('tenant'), M('tenant'));
      await imp('geojson', vancouver('local-area-boundary.geojson'), M('local-areas'));
      await imp('census', vancouver('CensusLocalAreaProfiles2016.csv'), M('census-2016'));
      tenantId = (
        await db.selectFrom('tenant').select('id').where('slug', '=', 'vancouver').executeTakeFirstOrThrow()
      ).id;
      app = testApp(ctx.database);
      await addUser(db, { tenant: 'vancouver', email: 'planner@example.org', role: 'planner' });
      await addUser(db, { tenant: 'vancouver', email: 'moderator@example.org', role: 'moderator' });
      planner = await signIn(app, 'planner@example.org', undefined, { tenant: 'vancouver' });
      moderator = await signIn(app, 'moderator@example.org', undefined, { tenant: 'vancouver' });
    }, 120_000);

    it('imports a participation CSV for planners (not for anonymous callers or moderators)', async () => {
      expect((await importCsv('q1-2026', GOOD_CSV, null)).status).toBe(401);
      expect((await importCsv('q1-2026', GOOD_CSV, moderator)).status).toBe(403);
      expect(await stored()).toBe(0);
      const res = await importCsv('q1-2026', GOOD_CSV);
      expect(res.status).toBe(200);
      const report = (await res.json()) as Record<string, unknown>;
      expect(report).toMatchObject({
        batch: 'q1-2026',
        committed: true,
        rows: 10,
        replaced: 0,
        totals: { participants: 680, attendance: 1500 },
        period: { from: '2026-01-01', to: '2026-03-31' },
        with_neighbourhood: 9,
        without_neighbourhood: 1,
        unmatched_programmes: [
          'Chess, for everyone',
          'Family mornings',
          'Seniors walking club',
          'Youth football',
        ],
      });
      // the same through JSON (the back-office page's way), as a batch of its own
      const json = await app.request(`/api/admin/participation/import${Q}`, {
        method: 'POST',
        headers: planner.write,
        body: JSON.stringify({ batch: 'q1-2025', csv: OLD_CSV }),
      });
      expect(json.status).toBe(200);
      expect(await stored()).toBe(11);
      const batches = await ctx.getJson<{ items: { batch: string; rows: number }[] }>(
        `/api/admin/participation/batches${Q}`,
      );
      expect(batches.status).toBe(401);
      const listed = await app.request(`/api/admin/participation/batches${Q}`, {
        headers: { cookie: planner.cookie },
      });
      expect(
        ((await listed.json()) as { items: { batch: string; rows: number }[] }).items
          .map((b) => [b.batch, b.rows])
          .sort(),
      ).toEqual([
        ['q1-2025', 1],
        ['q1-2026', 10],
      ]);
      const entries = await audits();
      expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
        ['participation.import', 'q1-2026'],
        ['participation.import', 'q1-2025'],
      ]);
      expect(entries[0]?.previous).toBeNull();
      expect(entries[0]?.new).toMatchObject({ rows: 10, totals: { participants: 680, attendance: 1500 } });
    });

    it('gives the reach of seniors per neighbourhood as the census computed by hand', async () => {
      const r = await reach('audience=seniors&measure=participants&from=2026-01-01&to=2026-03-31');
      expect(r.neighbourhoods).toHaveLength(22);
      const seniors = (area: string) => residents(census, area, ['65-79', '80+']);
      const by = new Map(r.neighbourhoods.map((n) => [n.name, n]));
      // Strathcona: 120 aged 65–79 + 40 aged 80+; Kitsilano: 300 aged 65–79 + 25 marked "seniors"
      const expected: Record<string, number> = { Strathcona: 160, Kitsilano: 325 };
      for (const area of census.areas) {
        const row = by.get(mapName(area)) as ReachRow;
        const participants = expected[mapName(area)] ?? 0;
        expect(row.participants, area).toBe(participants);
        expect(row.audience_population, area).toBe(Math.round(seniors(area)));
        expect(row.reach, area).toBeCloseTo(participants / seniors(area), 4);
        expect(row.not_reached, area).toBe(Math.round(seniors(area) - participants));
      }
      // the town: every row of the period, the one without a neighbourhood too (15), over all seniors
      const townSeniors = census.areas.reduce((s, a) => s + seniors(a), 0);
      expect(r.town.participants).toBe(500);
      expect(r.without_neighbourhood).toBe(15);
      expect(r.town.reach).toBeCloseTo(500 / townSeniors, 4);
      // rank 1 is the lowest: the 20 areas nobody came from (most seniors first), then the two
      const zero = census.areas
        .filter((a) => !expected[mapName(a)])
        .sort((a, b) => seniors(b) - seniors(a))
        .map(mapName);
      const two = ['Strathcona', 'Kitsilano'].sort(
        (a, b) => (expected[a] as number) / seniors(a) - (expected[b] as number) / seniors(b),
      );
      expect(
        [...r.neighbourhoods].sort((a, b) => (a.rank as number) - (b.rank as number)).map((n) => n.name),
      ).toEqual([...zero, ...two]);
      expect(r.measures_available).toEqual(['attendance', 'participants']);
      // the same figures as CSV, for spreadsheets
      const csv = await ctx.app.request(
        `/api/planner/reach.csv${Q}&audience=seniors&from=2026-01-01&to=2026-03-31`,
      );
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const table = parse(await csv.text(), { columns: true }) as Record<string, string>[];
      expect(table).toHaveLength(22);
      const strathcona = table.find((t) => t.neighbourhood === 'Strathcona');
      expect(Number(strathcona?.participants)).toBe(160);
      expect(Number(strathcona?.reach)).toBeCloseTo(160 / seniors('Strathcona'), 4);
    });

    it('counts age bands into every audience that has them, and everything for everyone', async () => {
      const period = 'from=2026-01-01&to=2026-03-31';
      const adults = await reach(`audience=adults-50&${period}`);
      // adults 50+ are the bands 50-64 and 65-79 (data/taxonomy/audiences.json): 80+ and "seniors" rows without a band are not theirs
      const a = new Map(adults.neighbourhoods.map((n) => [n.name, n]));
      expect(a.get('Strathcona')?.participants).toBe(120);
      expect(a.get('Kitsilano')?.participants).toBe(300);
      expect(a.get('Dunbar-Southlands')?.participants).toBe(10);
      expect(a.get('Dunbar-Southlands')?.reach).toBeCloseTo(
        10 / residents(census, 'Dunbar-Southlands', ['50-64', '65-79']),
        4,
      );
      expect(adults.measure).toBe('participants');
      const youth = await reach(`audience=youth&${period}`);
      const y = new Map(youth.neighbourhoods.map((n) => [n.name, n]));
      expect(y.get('Strathcona')?.reach).toBeCloseTo(80 / residents(census, 'Strathcona', ['15-19']), 4);
      const all = await reach(`audience=everyone&${period}`);
      const e = new Map(all.neighbourhoods.map((n) => [n.name, n]));
      expect(e.get('Strathcona')?.participants).toBe(240);
      expect(e.get('Downtown')?.participants).toBe(60);
      expect(e.get('Downtown')?.reach).toBeCloseTo(60 / census.value('Central Business District', 1), 4);
      expect(all.town.participants).toBe(240 + 355 + 60 + 10 + 15);
      // without a period every batch counts; attendance is a measure of its own
      expect(
        new Map((await reach('audience=seniors')).neighbourhoods.map((n) => [n.name, n.participants])).get(
          'Strathcona',
        ),
      ).toBe(1159);
      const att = await reach(`audience=seniors&measure=attendance&${period}`);
      expect(att.town.participants).toBe(1500);
    });

    it('draws the unreached layer: the lowest fifth, with the seniors not reached', async () => {
      const res = await ctx.getJson<GeoJSON.FeatureCollection>(
        `/api/layers/unreached${Q}&audience=seniors&from=2026-01-01&to=2026-03-31`,
      );
      expect(res.status).toBe(200);
      const seniors = (area: string) => residents(census, area, ['65-79', '80+']);
      const lowest = census.areas
        .filter((a) => !['Strathcona', 'Kitsilano'].includes(a))
        .sort((a, b) => seniors(b) - seniors(a))
        .slice(0, 5);
      expect(res.body.features.map((f) => f.properties?.name)).toEqual(lowest.map(mapName));
      for (const [i, f] of res.body.features.entries()) {
        expect(f.geometry?.type).toMatch(/Polygon/);
        expect(f.properties).toMatchObject({ rank: i + 1, reach: 0, participants: 0 });
        expect(f.properties?.not_reached).toBe(Math.round(seniors(lowest[i] as string)));
      }
      // no counts of newcomers at all: nobody is said to be unreached
      const none = await ctx.getJson<GeoJSON.FeatureCollection>(
        `/api/layers/unreached${Q}&audience=newcomers`,
      );
      expect(none.status).toBe(200);
      expect(none.body.features).toEqual([]);
      const bad = await ctx.getJson<{ error: { message: string } }>(
        `/api/layers/unreached${Q}&audience=pirates`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/audience must be one of/);
    });

    it('refuses a bad file whole, naming each row and column, and stores nothing', async () => {
      const before = await stored();
      const auditsBefore = (await audits()).length;
      const bad = `programme,period_start,period_end,measure,count,home_neighbourhood,age_band,audience
Seniors walking club,2026-04-01,2026-06-30,participants,50,Strathcona,65-79,
Seniors walking club,2026-04-31,2026-06-30,participants,50,Strathcona,65-79,
,2026-04-01,2026-06-30,visits,-3,Atlantis,65+,pirates
Seniors walking club,2026-06-30,2026-04-01,participants,5,Kitsilano,,
Seniors walking club,2026-04-01,2026-06-30,participants,50,Strathcona,65-79,
`;
      const res = await importCsv('q2-2026', bad);
      expect(res.status).toBe(400);
      const body = (await res.json()) as {
        error: {
          code: string;
          message: string;
          details: { errors: { line: number; column: string }[]; error_count: number };
        };
      };
      expect(body.error.code).toBe('invalid_rows');
      expect(body.error.message).toMatch(/nothing was stored/);
      expect(body.error.details.errors.map((e) => `${e.line}:${e.column}`)).toEqual([
        '3:period_start',
        '4:programme',
        '4:measure',
        '4:count',
        '4:home_neighbourhood',
        '4:age_band',
        '4:audience',
        '5:period_end',
        '6:programme',
      ]);
      expect(await stored()).toBe(before);
      expect((await audits()).length).toBe(auditsBefore);
      // a missing column and an unknown one: the header is refused before any row
      const header = await importCsv(
        'q2-2026',
        'programme,period_start,period_end,count,measures\nX,2026-01-01,2026-01-31,3,participants\n',
      );
      expect(header.status).toBe(400);
      const h = (await header.json()) as {
        error: { details: { errors: { line: number; column: string }[] } };
      };
      expect(h.error.details.errors.map((e) => `${e.line}:${e.column}`)).toEqual(['1:measure', '1:measures']);
      expect(await stored()).toBe(before);
    });

    it('replaces a batch imported again, and deletes one', async () => {
      const again = await importCsv(
        'q1-2026',
        'programme,period_start,period_end,measure,count,home_neighbourhood,age_band\nSeniors walking club,2026-01-01,2026-03-31,participants,200,Strathcona,65-79\n',
      );
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ rows: 1, replaced: 10 });
      const r = await reach('audience=seniors&from=2026-01-01&to=2026-03-31');
      const by = new Map(r.neighbourhoods.map((n) => [n.name, n]));
      expect(by.get('Strathcona')?.participants).toBe(200);
      expect(by.get('Kitsilano')?.participants).toBe(0);
      expect(r.town.participants).toBe(200);
      expect(await stored()).toBe(2);
      const entries = await audits();
      const last = entries[entries.length - 1];
      expect(last?.action).toBe('participation.import');
      expect(last?.previous).toMatchObject({ rows: 10 });
      expect(last?.new).toMatchObject({ rows: 1, totals: { participants: 200 } });

      const del = (batch: string, who: Signed) =>
        app.request(`/api/admin/participation/batches/${encodeURIComponent(batch)}${Q}`, {
          method: 'DELETE',
          headers: who.write,
        });
      expect((await del('q1-2025', moderator)).status).toBe(403);
      expect((await del('q1-2025', planner)).status).toBe(200);
      expect((await del('q1-2025', planner)).status).toBe(404);
      expect(await stored()).toBe(1);
      expect((await audits()).at(-1)).toMatchObject({
        action: 'participation.delete',
        entity_id: 'q1-2025',
        new: null,
      });
    });

    it("counts each neighbourhood's published proposals and needs, and their supports", async () => {
      const db = ctx.database.db;
      const area = async (name: string) =>
        (
          await db
            .selectFrom('area')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
      const strathcona = await area('Strathcona');
      const kitsilano = await area('Kitsilano');
      const inside = (id: string) => sql`(SELECT ST_PointOnSurface(geom) FROM area WHERE id = ${id})`;
      const ids = {
        p1: crypto.randomUUID(),
        p2: crypto.randomUUID(),
        p3: crypto.randomUUID(),
        n1: crypto.randomUUID(),
        n2: crypto.randomUUID(),
      };
      const proposal = (id: string, status: string, areaId: string | null, at: string) => sql`
        INSERT INTO proposal (id, tenant_id, kind, status, title, language, email, email_hash, area_id, geom)
        VALUES (${id}, ${tenantId}, 'initiative', ${status}, '{"en":"A garden"}'::jsonb, 'en', 'a@example.org', 'h', ${areaId}, ${inside(at)})`;
      // assigned to Strathcona; Kitsilano by its point only (no area assigned); a pending one not counted
      await proposal(ids.p1, 'published', strathcona, strathcona).execute(db);
      await proposal(ids.p2, 'published', null, kitsilano).execute(db);
      await proposal(ids.p3, 'pending', strathcona, strathcona).execute(db);
      const need = (id: string, status: string, at: string) => sql`
        INSERT INTO need (id, tenant_id, status, text, language, geom, public_geom, email, email_hash, area_id)
        VALUES (${id}, ${tenantId}, ${status}, 'Shade and a bench', 'en', ${inside(at)}, ${inside(at)}, 'b@example.org', 'h', ${at})`;
      await need(ids.n1, 'published', strathcona).execute(db);
      await need(ids.n2, 'rejected', kitsilano).execute(db);
      const support = (type: string, target: string, status: string, n: number) => sql`
        INSERT INTO support (id, tenant_id, target_type, target_id, email_hash, language, status)
        VALUES (${crypto.randomUUID()}, ${tenantId}, ${type}, ${target}, ${`s${n}`}, 'en', ${status})`;
      await support('proposal', ids.p1, 'confirmed', 1).execute(db);
      await support('proposal', ids.p1, 'confirmed', 2).execute(db);
      await support('proposal', ids.p1, 'withdrawn', 3).execute(db);
      await support('proposal', ids.p2, 'unconfirmed', 4).execute(db);
      await support('proposal', ids.p3, 'confirmed', 5).execute(db);
      await support('need', ids.n1, 'confirmed', 6).execute(db);
      await support('need', ids.n2, 'confirmed', 7).execute(db);
      const r = await reach('audience=everyone');
      const by = new Map(r.neighbourhoods.map((n) => [n.name, n]));
      expect(by.get('Strathcona')).toMatchObject({ proposals: 1, needs: 1, supports: 3 });
      expect(by.get('Kitsilano')).toMatchObject({ proposals: 1, needs: 0, supports: 0 });
      expect(r.neighbourhoods.filter((n) => n.proposals + n.needs + n.supports > 0)).toHaveLength(2);
    });
  });
});
