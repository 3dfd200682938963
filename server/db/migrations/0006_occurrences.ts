/**
 * Stored occurrences (issue 11): each opportunity's schedules expanded for a rolling horizon, with
 * the local hour in the tenant's zone (for `when=evenings`), and the span each tenant's rows answer
 * exactly. Migrating fills them. Also trigram indexes so name searches answer from indexes.
 */
import { type Kysely, sql } from 'kysely';
import { DEFAULT_OCCURRENCE_HORIZON_DAYS } from '../../config.ts';
import { refreshTenantOccurrences } from '../../opportunities/occurrence-store.ts';
import type { DB } from '../schema.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE occurrence (
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      opportunity_id uuid NOT NULL REFERENCES opportunity(id) ON DELETE CASCADE,
      schedule_no smallint NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      local_hour smallint NOT NULL CHECK (local_hour BETWEEN 0 AND 23),
      timezone text NOT NULL,
      beyond boolean NOT NULL DEFAULT false
    )`.execute(db);
  // the next occurrence of one opportunity (from a time on), and the window scans of a tenant
  await sql`CREATE INDEX occurrence_next ON occurrence (opportunity_id, starts_at, schedule_no)`.execute(db);
  await sql`CREATE INDEX occurrence_window ON occurrence (tenant_id, starts_at)`.execute(db);
  await sql`
    CREATE TABLE occurrence_horizon (
      tenant_id integer PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      from_at timestamptz NOT NULL,
      until_at timestamptz NOT NULL,
      horizon_days integer NOT NULL,
      refreshed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // text search of the list (q=) and of /api/search, from trigram indexes
  await sql`CREATE INDEX opportunity_title_like_trgm ON opportunity USING gin (lower(title::text) gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX place_name_like_trgm ON place USING gin (lower(name) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX opportunity_title_trgm ON opportunity USING gin (cm_fold(title::text) gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX place_address_trgm ON place USING gin (cm_fold(COALESCE(address, '')) gin_trgm_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX street_name_trgm ON basemap_feature USING gin (cm_fold(name) gin_trgm_ops) WHERE kind = 'street' AND name IS NOT NULL`.execute(
    db,
  );
  // the default horizon; a server configured for another one moves it at start-up
  const horizonDays = DEFAULT_OCCURRENCE_HORIZON_DAYS;
  // the migration runs in a transaction of its own: fill every tenant's rows in it
  const now = Date.now();
  const { rows } = await sql<{ id: number }>`SELECT id FROM tenant ORDER BY id`.execute(db);
  for (const t of rows) await refreshTenantOccurrences(db as Kysely<DB>, t.id, { now, horizonDays });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of [
    'opportunity_title_like_trgm',
    'place_name_like_trgm',
    'opportunity_title_trgm',
    'place_address_trgm',
    'street_name_trgm',
  ])
    await sql`DROP INDEX IF EXISTS ${sql.id(i)}`.execute(db);
  await sql`DROP TABLE IF EXISTS occurrence_horizon`.execute(db);
  await sql`DROP TABLE IF EXISTS occurrence`.execute(db);
}
