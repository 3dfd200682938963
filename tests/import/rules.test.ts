/**
 * The correctness rules of imports, on both databases: one transaction (a rejected row changes
 * nothing), --skip-invalid lists what it skipped with line numbers, dry runs change nothing,
 * coordinates in another system are reprojected, broken geometry is repaired or reported, and a
 * file in the wrong encoding is refused naming the line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distance } from '@turf/turf';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ImportInputError } from '../../server/import/errors.ts';
import { ImportRejected, runImport } from '../../server/import/run.ts';
import { describeEachDatabase } from '../support/databases.ts';

const FIX = (f: string) => path.join(PROJECT_ROOT, 'tests', 'fixtures', 'import', f);
const mapping = (f: string) => JSON.parse(fs.readFileSync(FIX(f), 'utf8')) as Record<string, unknown>;

/** WGS84 lon/lat → UTM zone 10N (EPSG:26910 on NAD83, equal to WGS84 at this precision), Snyder's series */
function toUtm10(lon: number, lat: number): [number, number] {
  const a = 6378137;
  const f = 1 / 298.257222101;
  const k0 = 0.9996;
  const e2 = f * (2 - f);
  const ep2 = e2 / (1 - e2);
  const phi = (lat * Math.PI) / 180;
  const lam = ((lon - -123) * Math.PI) / 180;
  const N = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const T = Math.tan(phi) ** 2;
  const C = ep2 * Math.cos(phi) ** 2;
  const A = lam * Math.cos(phi);
  const M =
    a *
    ((1 - e2 / 4 - (3 * e2 ** 2) / 64 - (5 * e2 ** 3) / 256) * phi -
      ((3 * e2) / 8 + (3 * e2 ** 2) / 32 + (45 * e2 ** 3) / 1024) * Math.sin(2 * phi) +
      ((15 * e2 ** 2) / 256 + (45 * e2 ** 3) / 1024) * Math.sin(4 * phi) -
      ((35 * e2 ** 3) / 3072) * Math.sin(6 * phi));
  const x =
    k0 * N * (A + ((1 - T + C) * A ** 3) / 6 + ((5 - 18 * T + T ** 2 + 72 * C - 58 * ep2) * A ** 5) / 120) +
    500000;
  const y =
    k0 *
    (M +
      N *
        Math.tan(phi) *
        (A ** 2 / 2 +
          ((5 - T + 9 * C + 4 * C ** 2) * A ** 4) / 24 +
          ((61 - 58 * T + T ** 2 + 600 * C - 330 * ep2) * A ** 6) / 720));
  return [x, y];
}

describeEachDatabase('import rules', (ctx) => {
  const db = () => ctx.database.db;
  const tenant = 'lindmere';
  const placeCount = async (source: string) =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM place WHERE source = ${source}`.execute(db()))
        .rows[0]?.n,
    );

  beforeAll(async () => {
    expect(
      await db().selectFrom('tenant').select('slug').where('slug', '=', tenant).executeTakeFirst(),
    ).toBeTruthy();
  });

  it('rejects a file with bad rows as a whole, naming every bad line, and changes nothing', async () => {
    const err = await runImport(db(), {
      format: 'csv',
      path: FIX('centres-broken.csv'),
      tenant,
      mapping: mapping('generic-csv.json'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    const report = (err as ImportRejected).report;
    expect(report.committed).toBe(false);
    expect(report.issues.filter((i) => i.severity === 'error').map((i) => [i.ref.line, i.reason])).toEqual([
      [3, expect.stringMatching(/bad coordinates/)],
      [5, expect.stringMatching(/out of range/)],
      [6, expect.stringMatching(/truncated row/)],
    ]);
    expect((err as Error).message).toMatch(/nothing was changed/);
    expect(await placeCount('test-centres')).toBe(0);
  });

  it('imports the valid rows with --skip-invalid, listing each skipped row', async () => {
    const report = await runImport(db(), {
      format: 'csv',
      path: FIX('centres-broken.csv'),
      tenant,
      mapping: mapping('generic-csv.json'),
      skipInvalid: true,
    });
    expect(report.layers.centres).toMatchObject({ inserted: 3, rejected: 3 });
    expect(report.issues.map((i) => i.ref.line)).toEqual([3, 5, 6]);
    expect(report.notes.join(' ')).toMatch(/3 invalid rows skipped/);
    expect(await placeCount('test-centres')).toBe(3);
    // the same rows again: updated, not duplicated
    const again = await runImport(db(), {
      format: 'csv',
      path: FIX('centres-good.csv'),
      tenant,
      mapping: mapping('generic-csv.json'),
    });
    expect(again.layers.centres).toMatchObject({ inserted: 0, updated: 3 });
    expect(await placeCount('test-centres')).toBe(3);
  });

  it('changes nothing in a dry run, and says what would happen', async () => {
    const m = { ...mapping('generic-csv.json'), source: 'test-dry-run' };
    const report = await runImport(db(), {
      format: 'csv',
      path: FIX('centres-good.csv'),
      tenant,
      mapping: m,
      dryRun: true,
    });
    expect(report).toMatchObject({ dryRun: true, committed: false, layers: { centres: { inserted: 3 } } });
    expect(await placeCount('test-dry-run')).toBe(0);
  });

  it('refuses a Latin-1 file read as UTF-8, naming the line, and reads it when told its encoding', async () => {
    const err = await runImport(db(), {
      format: 'csv',
      path: FIX('centres-latin1.csv'),
      tenant,
      mapping: { ...mapping('generic-csv.json'), source: 'test-latin1' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportInputError);
    expect((err as Error).message).toMatch(/line 2: not valid UTF-8.*latin1/);
    await runImport(db(), {
      format: 'csv',
      path: FIX('centres-latin1.csv'),
      tenant,
      mapping: { ...mapping('generic-csv.json'), source: 'test-latin1', encoding: 'latin1' },
    });
    const p = await db()
      .selectFrom('place')
      .select(['name', 'address'])
      .where('source', '=', 'test-latin1')
      .executeTakeFirstOrThrow();
    expect(p).toEqual({ name: 'Café Hall', address: '7 Rue Française' });
  });

  it('reprojects coordinates declared in UTM zone 10N (EPSG:26910) to within a metre', async () => {
    const points: [number, number][] = [
      [-123.1002, 49.2601],
      [-123.0456, 49.2299],
      [-123.1873, 49.2812],
    ];
    const csv = [
      'id,name,x,y',
      ...points.map(
        ([lon, lat], i) =>
          `u${i},UTM Hall ${i},${toUtm10(lon, lat)
            .map((v) => v.toFixed(3))
            .join(',')}`,
      ),
    ].join('\n');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cm-utm-')), 'utm.csv');
    fs.writeFileSync(file, csv);
    const m = { ...mapping('generic-csv.json'), source: 'test-utm', geometry: { x: 'x', y: 'y' } };
    await runImport(db(), { format: 'csv', path: file, tenant, mapping: m, srid: 26910 });
    const { rows } = await sql<{ source_id: string; lon: number; lat: number }>`
      SELECT source_id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM place WHERE source = 'test-utm' ORDER BY source_id`.execute(
      db(),
    );
    expect(rows).toHaveLength(3);
    rows.forEach((r, i) => {
      const d = distance(points[i] as [number, number], [r.lon, r.lat], { units: 'meters' });
      expect(d, `${r.source_id} is ${d.toFixed(2)} m off`).toBeLessThan(1);
    });
    // the same file without --srid: its metres are not degrees
    const err = await runImport(db(), {
      format: 'csv',
      path: file,
      tenant,
      mapping: { ...m, source: 'test-utm-2' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).report.issues[0]?.reason).toMatch(/out of range/);
  });

  it('reads WKT, repairs an invalid polygon with ST_MakeValid and says so, and rejects unreadable geometry', async () => {
    const err = await runImport(db(), {
      format: 'csv',
      path: FIX('parks-wkt.csv'),
      tenant,
      mapping: mapping('parks-wkt.json'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    const issues = (err as ImportRejected).report.issues;
    expect(issues.find((i) => i.ref.line === 4)).toMatchObject({
      severity: 'error',
      reason: expect.stringMatching(/could not be read/),
    });
    expect(await placeCount('test-parks-wkt')).toBe(0);

    const report = await runImport(db(), {
      format: 'csv',
      path: FIX('parks-wkt.csv'),
      tenant,
      mapping: mapping('parks-wkt.json'),
      skipInvalid: true,
    });
    expect(report.layers.parks).toMatchObject({ inserted: 2, rejected: 1 });
    expect(report.geometryFixes).toBe(1);
    expect(report.issues.find((i) => i.ref.line === 3)).toMatchObject({
      severity: 'warning',
      reason: expect.stringMatching(/repaired with ST_MakeValid/),
    });
    const { rows } = await sql<{ valid: boolean; type: string }>`
      SELECT ST_IsValid(geom) AS valid, GeometryType(geom) AS type FROM place WHERE source = 'test-parks-wkt' AND source_id = 'w2'`.execute(
      db(),
    );
    expect(rows[0]).toEqual({ valid: true, type: 'MULTIPOLYGON' });
  });

  it('answers clearly when the input cannot be imported at all', async () => {
    await expect(
      runImport(db(), { format: 'csv', path: FIX('nope.csv'), tenant, mapping: mapping('generic-csv.json') }),
    ).rejects.toThrow(/does not exist/);
    await expect(
      runImport(db(), {
        format: 'csv',
        path: FIX('centres-good.csv'),
        tenant: 'atlantis',
        mapping: mapping('generic-csv.json'),
      }),
    ).rejects.toThrow(/no tenant "atlantis"/);
    await expect(
      runImport(db(), {
        format: 'csv',
        path: FIX('centres-good.csv'),
        tenant,
        mapping: { ...mapping('generic-csv.json'), layer: 'castles' },
      }),
    ).rejects.toThrow(/layer/);
    await expect(
      runImport(db(), { format: 'geojson', path: FIX('centres-good.csv'), tenant, layer: 'centres' }),
    ).rejects.toThrow(/not valid JSON/);
  });
});
