/**
 * The back office's settings (issue 12): a tenant's own settings that are not part of the tenant
 * row itself — its contact address and the hour and weekday of its e-mail digests (which, when
 * set, win over the install-wide DIGEST_WEEKDAY / DIGEST_HOUR) — and, for organisations, a
 * contact and an archive flag. The tenant's names, languages, time zone and home view stay in
 * the tenant row, where the app already reads them.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenant_setting (
      tenant_id integer PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
      contact_email text CHECK (length(contact_email) BETWEEN 3 AND 254),
      digest_weekday smallint CHECK (digest_weekday BETWEEN 1 AND 7),
      digest_hour smallint CHECK (digest_hour BETWEEN 0 AND 23),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`ALTER TABLE organisation ADD COLUMN contact text CHECK (length(contact) <= 300)`.execute(db);
  await sql`ALTER TABLE organisation ADD COLUMN archived_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organisation DROP COLUMN archived_at`.execute(db);
  await sql`ALTER TABLE organisation DROP COLUMN contact`.execute(db);
  await sql`DROP TABLE tenant_setting`.execute(db);
}
