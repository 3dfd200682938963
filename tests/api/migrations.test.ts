/**
 * Migrations from an empty database, one step at a time, and from the previous release's schema
 * (the migrations shipped at commit de42ef1) holding data, up to the latest: on both databases.
 */
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, type DatabaseKind, openDatabase } from '../../server/db/connect.ts';
import { createMigrator, MIGRATION_NAMES, migrateToLatest, migrationStatus } from '../../server/db/migrate.ts';
import { databaseKinds, testApp } from '../support/databases.ts';
import { adminQuery, TEST_DATABASE_URL, withDatabase } from '../support/postgis-server.ts';
import { tableChecksums, tableLayout } from '../support/table-checksums.ts';

/** the previous release: the last commit before issue 10, and the migrations it shipped */
const PREVIOUS_RELEASE = {
  commit: 'de42ef1',
  migrations: ['0001_init', '0002_import', '0003_search', '0004_access', '0005_kiosk'],
};

let copies = 0;

/** a database with nothing in it (not even PostGIS: the first migration creates the extension) */
async function openEmptyDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') return openDatabase({ dataDir: 'memory://' });
  if (!TEST_DATABASE_URL) throw new Error('No PostGIS server under test');
  copies += 1;
  const name = `cm_migrate_${process.pid}_${Date.now().toString(36)}_${copies}`;
  await adminQuery(TEST_DATABASE_URL, `CREATE DATABASE ${name}`);
  const db = await openDatabase({ databaseUrl: withDatabase(TEST_DATABASE_URL, name), dataDir: '', poolSize: 2 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await adminQuery(TEST_DATABASE_URL as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** data written with the previous release's schema only (no code of today involved) */
async function insertPreviousReleaseData(db: Kysely<unknown>) {
  await sql`
    INSERT INTO tenant (slug, name, locales, default_locale, timezone, home, bbox, source, fictional)
    VALUES ('oldtown', '{"en":"Old Town","fr":"Vieille-Ville"}', '{en,fr}', 'en', 'Europe/Amsterdam',
            '{"center":[4.9,52.37],"zoom":12}', '{4.8,52.3,5.0,52.44}', 'fixture', true)`.execute(db);
  await sql`
    INSERT INTO area (tenant_id, kind, name, names, population, population_by_age, source, source_id, geom)
    SELECT t.id, 'neighbourhood', 'Quarter ' || i, jsonb_build_object('en', 'Quarter ' || i), 1000 * i,
           jsonb_build_object('0-14', 100 * i, '65+', 50 * i), 'fixture', 'q' || i,
           ST_Multi(ST_MakeEnvelope(4.8 + 0.04 * (i - 1), 52.3, 4.8 + 0.04 * i, 52.44, 4326))
      FROM tenant t, generate_series(1, 5) AS i WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO area (tenant_id, kind, name, designation, programme, valid_from, valid_to, source, source_id, geom)
    SELECT t.id, 'degraded_zone', 'Zone A', 'designated', 'renewal', '2024-01-01', '2030-12-31', 'fixture', 'z1',
           ST_Multi(ST_MakeEnvelope(4.85, 52.33, 4.87, 52.35, 4326))
      FROM tenant t WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO place (tenant_id, kind, name, address, opening_hours, source, source_id, geom, anchor)
    SELECT t.id, CASE WHEN i % 3 = 0 THEN 'garden' WHEN i % 3 = 1 THEN 'park' ELSE 'centre' END,
           'Place ' || i, i || ' Old Street', 'Mo-Su 08:00-20:00', 'fixture', 'p' || i,
           ST_SetSRID(ST_MakePoint(4.81 + i * 0.003, 52.31 + i * 0.002), 4326),
           ST_SetSRID(ST_MakePoint(4.81 + i * 0.003, 52.31 + i * 0.002), 4326)
      FROM tenant t, generate_series(1, 40) AS i WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO opportunity (tenant_id, place_id, kind, title, categories, audiences, languages, is_free,
                             dtstart, duration_minutes, rrule, timezone, source, source_id, geom, schedules)
    SELECT p.tenant_id, p.id, 'program', jsonb_build_object('en', 'Program ' || p.source_id || '-' || j),
           '{gardening}', '{seniors,families}', '{en,fr}', j % 2 = 0,
           '2026-01-05 10:00'::timestamp + make_interval(days => j), 90, 'FREQ=WEEKLY;BYDAY=MO', 'Europe/Amsterdam',
           'fixture', p.source_id || '-' || j, p.anchor,
           jsonb_build_array(jsonb_build_object('dtstart', '2026-01-05T10:00', 'rrule', 'FREQ=WEEKLY'))
      FROM place p, generate_series(1, 3) AS j`.execute(db);
  await sql`
    INSERT INTO basemap_feature (tenant_id, kind, class, name, geom)
    SELECT t.id, 'street', 'residential', 'Old Street ' || i,
           ST_SetSRID(ST_MakeLine(ST_MakePoint(4.8, 52.3 + i * 0.01), ST_MakePoint(5.0, 52.3 + i * 0.01)), 4326)
      FROM tenant t, generate_series(1, 10) AS i WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO walk_node (tenant_id, source, source_id, geom)
    SELECT t.id, 'osm', 'n' || i, ST_SetSRID(ST_MakePoint(4.8 + i * 0.01, 52.35), 4326)
      FROM tenant t, generate_series(1, 10) AS i WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO walk_edge (tenant_id, source, source_id, from_node, to_node, length_m, highway, geom)
    SELECT a.tenant_id, 'osm', a.source_id || '-' || b.source_id, a.id, b.id,
           ST_Distance(a.geom::geography, b.geom::geography), 'footway', ST_MakeLine(a.geom, b.geom)
      FROM walk_node a JOIN walk_node b ON b.id = a.id + 1`.execute(db);
  await sql`
    INSERT INTO import_run (tenant_id, format, source, file, started_at, report)
    SELECT t.id, 'geojson', 'fixture', 'old.geojson', '2026-01-01T00:00:00Z', '{"layers":{}}'
      FROM tenant t WHERE t.slug = 'oldtown'`.execute(db);
  await sql`
    INSERT INTO kiosk (tenant_id, slug, place_id, default_language, languages, idle_seconds, layers, radius_m)
    SELECT p.tenant_id, 'lobby', p.id, 'en', '{en,fr}', 90, '{parks,programs}', 1000
      FROM place p WHERE p.source_id = 'p2'`.execute(db);
}

for (const kind of databaseKinds()) {
  describe(`migrations [${kind}]`, () => {
    let database: Database | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    it('migrate an empty database one step at a time, each step recorded, then nothing left to do', async () => {
      database = await openEmptyDatabase(kind);
      const db = database.db as unknown as Kysely<unknown>;
      expect((await migrationStatus(db)).pending).toEqual([...MIGRATION_NAMES]);
      const migrator = createMigrator(db);
      for (const [i, name] of MIGRATION_NAMES.entries()) {
        const { error, results } = await migrator.migrateUp();
        expect(error).toBeUndefined();
        expect(results).toEqual([{ migrationName: name, direction: 'Up', status: 'Success' }]);
        const status = await migrationStatus(db);
        expect(status.applied).toEqual(MIGRATION_NAMES.slice(0, i + 1));
        expect(status.pending).toEqual(MIGRATION_NAMES.slice(i + 1));
      }
      expect((await migrator.migrateUp()).results).toEqual([]);
      expect(await migrateToLatest(db)).toEqual([]);
      expect(await migrationStatus(db)).toEqual({ applied: [...MIGRATION_NAMES], pending: [], unknown: [] });
      // the schema is usable: the API answers on it
      const res = await testApp(database).request('/api/ready');
      expect(res.status).toBe(200);
    }, 300_000);

    it(`migrate a database of the previous release (${PREVIOUS_RELEASE.commit}) with data to the latest, data intact`, async () => {
      // migrations are never renamed or removed: the old release's list is a prefix of today's
      expect(MIGRATION_NAMES.slice(0, PREVIOUS_RELEASE.migrations.length)).toEqual(PREVIOUS_RELEASE.migrations);
      database = await openEmptyDatabase(kind);
      const db = database.db as unknown as Kysely<unknown>;
      const old = await createMigrator(db, PREVIOUS_RELEASE.migrations).migrateToLatest();
      expect(old.error).toBeUndefined();
      expect(old.results?.map((r) => r.migrationName)).toEqual(PREVIOUS_RELEASE.migrations);
      await insertPreviousReleaseData(db);

      const oldLayout = await tableLayout(db);
      delete oldLayout.kysely_migration; // gains the new migrations' rows
      delete oldLayout.kysely_migration_lock;
      const before = await tableChecksums(db, oldLayout);
      expect(before.opportunity?.rows).toBe(120);
      expect(before.kiosk?.rows).toBe(1);

      const applied = await migrateToLatest(db);
      expect(applied).toEqual(MIGRATION_NAMES.slice(PREVIOUS_RELEASE.migrations.length));
      expect((await migrationStatus(db)).pending).toEqual([]);
      // every row of every old table, in every old column, is exactly as before
      expect(await tableChecksums(db, oldLayout)).toEqual(before);

      // and today's API reads the old data
      const app = testApp(database);
      const place = await sql<{ id: string }>`SELECT id FROM place WHERE source_id = 'p1'`.execute(db);
      const detail = await app.request(`/api/places/${place.rows[0]?.id}`);
      expect(detail.status).toBe(200);
      expect(((await detail.json()) as { name: string }).name).toBe('Place 1');
      const kiosk = await app.request('/api/kiosks/lobby');
      expect(kiosk.status).toBe(200);
      // 0006 filled the stored occurrences of the old data's tenants
      const horizons = await sql<{ n: number }>`SELECT count(*)::int AS n FROM occurrence_horizon`.execute(db);
      const tenants = await sql<{ n: number }>`SELECT count(*)::int AS n FROM tenant`.execute(db);
      expect(horizons.rows[0]?.n).toBe(tenants.rows[0]?.n);
    }, 300_000);
  });
}
