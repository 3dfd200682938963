/**
 * Issue 13, follow-up: a submitter's e-mail address is no longer kept for ever. It is cleared a
 * set time after the last step that mails the submitter (PARTICIPATION_EMAIL_RETENTION_DAYS,
 * server/participation/retention.ts), so the address columns of proposals and needs become
 * nullable (supports' already are). `email_hash` stays (one support per e-mail, the per-e-mail
 * limit); `email_domain` keeps the domain for the moderators' list and "block this domain"
 * once the address is gone (it is filled only when the address is cleared).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['proposal', 'need'] as const) {
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN email DROP NOT NULL`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN email_domain text`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['proposal', 'need'] as const) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN IF EXISTS email_domain`.execute(db);
    // rows whose address was cleared cannot go back to NOT NULL: they keep an empty address
    await sql`UPDATE ${sql.table(table)} SET email = '' WHERE email IS NULL`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ALTER COLUMN email SET NOT NULL`.execute(db);
  }
}
