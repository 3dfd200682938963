/**
 * The back office's content, continued (issue 12, after 0011_content): a draft place may have no
 * point or footprint yet, like a draft opportunity; a published place must have one (the public
 * reads only published places, so they always have a geometry and an anchor).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`SET LOCAL statement_timeout = 0`.execute(db);
  await sql`ALTER TABLE place ALTER COLUMN geom DROP NOT NULL, ALTER COLUMN anchor DROP NOT NULL`.execute(db);
  await sql`
    ALTER TABLE place ADD CONSTRAINT place_published_located
      CHECK (status <> 'published' OR (geom IS NOT NULL AND anchor IS NOT NULL))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE place DROP CONSTRAINT IF EXISTS place_published_located`.execute(db);
  await sql`DELETE FROM place WHERE geom IS NULL OR anchor IS NULL`.execute(db);
  await sql`ALTER TABLE place ALTER COLUMN geom SET NOT NULL, ALTER COLUMN anchor SET NOT NULL`.execute(db);
}
