/**
 * E-mail digests (issue 11): a subscription holds the address, its language, how often, the
 * what's-on filters (the query-parameter record of server/opportunities/filters.ts) and
 * timestamps; its links' tokens are kept only as SHA-256 hashes, one row per link handed out.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE subscription (
      id uuid PRIMARY KEY,
      tenant_id integer NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
      email text NOT NULL CHECK (length(email) <= 254),
      language text NOT NULL,
      frequency text NOT NULL CHECK (frequency IN ('weekly', 'daily')),
      filters jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      confirmed_at timestamptz,
      last_sent_at timestamptz,
      covered_until timestamptz
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX subscription_tenant_email ON subscription (tenant_id, lower(email))`.execute(
    db,
  );
  await sql`CREATE INDEX subscription_pending ON subscription (created_at) WHERE confirmed_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE subscription_token (
      hash text PRIMARY KEY,
      subscription_id uuid NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('confirm', 'manage')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX subscription_token_subscription ON subscription_token (subscription_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS subscription_token`.execute(db);
  await sql`DROP TABLE IF EXISTS subscription`.execute(db);
}
