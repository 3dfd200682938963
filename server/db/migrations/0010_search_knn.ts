/**
 * The name search takes each kind's best matches nearest first from GiST trigram indexes
 * (`<<->`, word-similarity distance) instead of scoring every match found by a GIN index: its
 * cost then follows the number of hits asked for, not the number of rows that match (a town of a
 * million programs has a hundred thousand "gardens"). Streets keep their GIN index: they are
 * grouped by name before they are ranked, and a city has thousands of them, not millions.
 */
import { type Kysely, sql } from 'kysely';

const REPLACED: [gin: string, gist: string, on: string][] = [
  ['place_name_trgm', 'place_name_knn', 'place USING gist (cm_fold(name) gist_trgm_ops)'],
  ['place_address_trgm', 'place_address_knn', "place USING gist (cm_fold(COALESCE(address, '')) gist_trgm_ops)"],
  ['opportunity_title_trgm', 'opportunity_title_knn', 'opportunity USING gist (cm_fold(title::text) gist_trgm_ops)'],
  ['area_name_trgm', 'area_name_knn', 'area USING gist (cm_fold(name) gist_trgm_ops)'],
];

const GIN_BEFORE: Record<string, string> = {
  place_name_trgm: 'place USING gin (cm_fold(name) gin_trgm_ops)',
  place_address_trgm: "place USING gin (cm_fold(COALESCE(address, '')) gin_trgm_ops)",
  opportunity_title_trgm: 'opportunity USING gin (cm_fold(title::text) gin_trgm_ops)',
  area_name_trgm: 'area USING gin (cm_fold(name) gin_trgm_ops)',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  // building these on a large town takes minutes: the server's statement timeout must not cut it
  // (the migration runs in its own transaction; LOCAL ends with it)
  await sql`SET LOCAL statement_timeout = 0`.execute(db);
  for (const [gin, gist, on] of REPLACED) {
    await sql`DROP INDEX IF EXISTS ${sql.id(gin)}`.execute(db);
    await sql`CREATE INDEX ${sql.id(gist)} ON ${sql.raw(on)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [gin, gist] of REPLACED) {
    await sql`DROP INDEX IF EXISTS ${sql.id(gist)}`.execute(db);
    await sql`CREATE INDEX ${sql.id(gin)} ON ${sql.raw(GIN_BEFORE[gin] as string)}`.execute(db);
  }
}
