/**
 * Search by name and address that forgives typos and accents: pg_trgm and unaccent (contrib
 * modules of the Debian server package, and loaded into PGlite), with an immutable wrapper so the
 * normalised text can be indexed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
  // unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes it safe to index
  await sql`
    CREATE FUNCTION cm_fold(text) RETURNS text AS $$
      SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1))
    $$ LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT`.execute(db);
  await sql`CREATE INDEX place_name_trgm ON place USING gin (cm_fold(name) gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX area_name_trgm ON area USING gin (cm_fold(name) gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS place_name_trgm`.execute(db);
  await sql`DROP INDEX IF EXISTS area_name_trgm`.execute(db);
  await sql`DROP FUNCTION IF EXISTS cm_fold(text)`.execute(db);
}
