/**
 * What real imports need (issue 3): the fields of Open Referral services and iCalendar events
 * on opportunities, the pedestrian network from OpenStreetMap, and a log of import runs.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE opportunity
      ADD COLUMN eligibility text,
      ADD COLUMN accessibility jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN contact jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN organisation text,
      ADD COLUMN schedules jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'`.execute(db);
  await sql`CREATE INDEX place_tenant_source ON place (tenant_id, source)`.execute(db);
  await sql`CREATE INDEX opportunity_tenant_source ON opportunity (tenant_id, source)`.execute(db);

  // The pedestrian network: nodes where walkable ways meet, edges between them with their length.
  await sql`
    CREATE TABLE walk_node (
      id bigserial PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      source text NOT NULL,
      source_id text NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      UNIQUE (tenant_id, source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX walk_node_geom_gist ON walk_node USING gist (geom)`.execute(db);
  await sql`CREATE INDEX walk_node_geog_gist ON walk_node USING gist ((geom::geography))`.execute(db);
  await sql`
    CREATE TABLE walk_edge (
      id bigserial PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      source text NOT NULL,
      source_id text NOT NULL,
      from_node bigint NOT NULL REFERENCES walk_node(id) ON DELETE CASCADE,
      to_node bigint NOT NULL REFERENCES walk_node(id) ON DELETE CASCADE,
      length_m double precision NOT NULL CHECK (length_m >= 0),
      highway text NOT NULL,
      name text,
      geom geometry(LineString, 4326) NOT NULL,
      UNIQUE (tenant_id, source, source_id)
    )`.execute(db);
  await sql`CREATE INDEX walk_edge_geom_gist ON walk_edge USING gist (geom)`.execute(db);
  await sql`CREATE INDEX walk_edge_from ON walk_edge (from_node)`.execute(db);
  await sql`CREATE INDEX walk_edge_to ON walk_edge (to_node)`.execute(db);

  // Reads one geometry (GeoJSON or WKT) in a source's coordinate system into WGS84, or NULL when
  // it cannot be read: an import reports that row instead of failing the whole statement.
  await sql`
    CREATE FUNCTION cm_read_geometry(geojson text, wkt text, srid integer) RETURNS geometry AS $$
    BEGIN
      RETURN ST_Transform(
        ST_SetSRID(CASE WHEN geojson IS NOT NULL THEN ST_GeomFromGeoJSON(geojson) ELSE ST_GeomFromText(wkt) END, srid),
        4326);
    EXCEPTION WHEN OTHERS THEN
      RETURN NULL;
    END
    $$ LANGUAGE plpgsql IMMUTABLE`.execute(db);

  await sql`
    CREATE TABLE import_run (
      id bigserial PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      format text NOT NULL,
      source text NOT NULL,
      file text NOT NULL,
      started_at timestamptz NOT NULL,
      finished_at timestamptz NOT NULL DEFAULT now(),
      report jsonb NOT NULL
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS cm_read_geometry(text, text, integer)`.execute(db);
  for (const t of ['import_run', 'walk_edge', 'walk_node'])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db);
  await sql`DROP INDEX IF EXISTS place_tenant_source`.execute(db);
  await sql`DROP INDEX IF EXISTS opportunity_tenant_source`.execute(db);
  await sql`
    ALTER TABLE opportunity DROP COLUMN eligibility, DROP COLUMN accessibility, DROP COLUMN contact,
      DROP COLUMN organisation, DROP COLUMN schedules, DROP COLUMN attributes`.execute(db);
}
