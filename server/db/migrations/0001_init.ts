/**
 * The first schema: tenants, areas (neighbourhoods, degraded / revitalization zones), places,
 * opportunities with schedules, and basemap features, all with GiST indexes.
 *
 * Written in the SQL subset shared by PostgreSQL 15 + PostGIS 3.3 (Debian) and PGlite's
 * PostgreSQL 18 + PostGIS 3.6. Distance queries go through `geom::geography`, so each table
 * carrying points people search around has a GiST index on that expression as well as on `geom`
 * (a query must use the expression its index was built on).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);

  await sql`
    CREATE TABLE tenant (
      id serial PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]+$'),
      name jsonb NOT NULL,
      locales text[] NOT NULL,
      default_locale text NOT NULL,
      timezone text NOT NULL,
      home jsonb NOT NULL,
      bbox double precision[],
      source text,
      fictional boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE area (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('neighbourhood', 'degraded_zone', 'revitalization_zone')),
      name text NOT NULL,
      names jsonb NOT NULL DEFAULT '{}',
      population integer CHECK (population >= 0),
      population_by_age jsonb,
      census jsonb NOT NULL DEFAULT '{}',
      designation text,
      programme text,
      valid_from date,
      valid_to date,
      source text NOT NULL,
      source_id text NOT NULL,
      geom geometry(MultiPolygon, 4326) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX area_geom_gist ON area USING gist (geom)`.execute(db);
  await sql`CREATE INDEX area_tenant_kind ON area (tenant_id, kind)`.execute(db);

  await sql`
    CREATE TABLE place (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      kind text NOT NULL,
      name text NOT NULL,
      names jsonb NOT NULL DEFAULT '{}',
      address text,
      opening_hours text,
      accessibility jsonb NOT NULL DEFAULT '{}',
      contact jsonb NOT NULL DEFAULT '{}',
      attributes jsonb NOT NULL DEFAULT '{}',
      source text NOT NULL,
      source_id text NOT NULL,
      geom geometry(Geometry, 4326) NOT NULL
        CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON')),
      anchor geometry(Point, 4326) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX place_geom_gist ON place USING gist (geom)`.execute(db);
  await sql`CREATE INDEX place_geog_gist ON place USING gist ((geom::geography))`.execute(db);
  await sql`CREATE INDEX place_tenant_kind ON place (tenant_id, kind)`.execute(db);

  await sql`
    CREATE TABLE opportunity (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      place_id uuid REFERENCES place(id) ON DELETE SET NULL,
      kind text NOT NULL,
      title jsonb NOT NULL,
      description jsonb NOT NULL DEFAULT '{}',
      categories text[] NOT NULL,
      audiences text[] NOT NULL,
      languages text[] NOT NULL,
      age_min integer,
      age_max integer,
      cost jsonb NOT NULL DEFAULT '{"free": true}',
      is_free boolean NOT NULL,
      registration jsonb NOT NULL DEFAULT '{}',
      dtstart timestamp,
      duration_minutes integer CHECK (duration_minutes > 0),
      rrule text,
      timezone text,
      status text NOT NULL DEFAULT 'published'
        CHECK (status IN ('draft', 'pending', 'published', 'archived')),
      source text NOT NULL,
      source_id text NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX opportunity_geom_gist ON opportunity USING gist (geom)`.execute(db);
  await sql`CREATE INDEX opportunity_geog_gist ON opportunity USING gist ((geom::geography))`.execute(db);
  await sql`CREATE INDEX opportunity_place ON opportunity (place_id)`.execute(db);
  await sql`CREATE INDEX opportunity_categories ON opportunity USING gin (categories)`.execute(db);
  await sql`CREATE INDEX opportunity_audiences ON opportunity USING gin (audiences)`.execute(db);
  await sql`CREATE INDEX opportunity_languages ON opportunity USING gin (languages)`.execute(db);

  await sql`
    CREATE TABLE basemap_feature (
      id bigserial PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('street', 'water')),
      class text NOT NULL,
      name text,
      geom geometry(Geometry, 4326) NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX basemap_feature_geom_gist ON basemap_feature USING gist (geom)`.execute(db);
  await sql`CREATE INDEX basemap_feature_tenant_kind ON basemap_feature (tenant_id, kind)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['basemap_feature', 'opportunity', 'place', 'area', 'tenant']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  }
}
