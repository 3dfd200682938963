/**
 * Issue 13, proposals part: install-wide secrets kept in the database, so that they survive
 * restarts and are shared by every API process of the install. Today one: `participation`, the
 * key of the hashes of client addresses kept with residents' submissions (used when the
 * PARTICIPATION_SECRET setting is not given; server/participation/abuse.ts).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE install_secret (
      name text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS install_secret`.execute(db);
}
