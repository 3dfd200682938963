/**
 * Planner analytics (issue 5): finer population units, the population samples access is measured
 * on, and the stored results of each measurement — recomputed when the data changes, read by
 * requests.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // census blocks or building footprints with their residents: where imported, they replace the
  // even spread of a neighbourhood's population over its area
  await sql`ALTER TABLE area DROP CONSTRAINT area_kind_check`.execute(db);
  await sql`
    ALTER TABLE area ADD CONSTRAINT area_kind_check
      CHECK (kind IN ('neighbourhood', 'degraded_zone', 'revitalization_zone', 'population_unit'))`.execute(
    db,
  );

  // one row per populated cell of the analysis grid (cut by neighbourhood / unit boundaries)
  await sql`
    CREATE TABLE access_sample (
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      idx integer NOT NULL,
      area_id uuid NOT NULL REFERENCES area(id) ON DELETE CASCADE,
      population double precision NOT NULL CHECK (population >= 0),
      x double precision NOT NULL,
      y double precision NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      PRIMARY KEY (tenant_id, idx)
    )`.execute(db);
  await sql`CREATE INDEX access_sample_area ON access_sample (tenant_id, area_id)`.execute(db);

  // per set of sites: each sample's distance to the nearest site (NULL beyond the cap), in the
  // order of access_sample.idx, and each neighbourhood's population-weighted centre's distance
  await sql`
    CREATE TABLE access_set (
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      set_key text NOT NULL,
      method text NOT NULL CHECK (method IN ('network', 'straight-line')),
      site_count integer NOT NULL,
      distances real[] NOT NULL,
      centres jsonb NOT NULL,
      counts jsonb NOT NULL,
      network_share double precision NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, set_key)
    )`.execute(db);

  await sql`
    CREATE TABLE access_state (
      tenant_id integer PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      srid integer NOT NULL,
      cell_m double precision NOT NULL,
      cap_m double precision NOT NULL,
      sample_count integer NOT NULL,
      walk_network boolean NOT NULL,
      population_sources jsonb NOT NULL,
      facts jsonb NOT NULL,
      duration_ms integer NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['access_state', 'access_set', 'access_sample'])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
  await sql`DELETE FROM area WHERE kind = 'population_unit'`.execute(db);
  await sql`ALTER TABLE area DROP CONSTRAINT area_kind_check`.execute(db);
  await sql`
    ALTER TABLE area ADD CONSTRAINT area_kind_check
      CHECK (kind IN ('neighbourhood', 'degraded_zone', 'revitalization_zone'))`.execute(db);
}
