/** Kiosks in community centres (issue 6): each one's configuration, set by an admin. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE kiosk (
      id bigserial PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
      place_id uuid NOT NULL REFERENCES place(id) ON DELETE CASCADE,
      default_language text NOT NULL,
      languages text[] NOT NULL,
      idle_seconds integer NOT NULL CHECK (idle_seconds BETWEEN 5 AND 3600),
      layers text[] NOT NULL,
      radius_m integer NOT NULL CHECK (radius_m BETWEEN 200 AND 10000),
      printer boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, slug)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS kiosk`.execute(db);
}
