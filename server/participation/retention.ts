/**
 * What is not kept (docs/PARTICIPATION.md, "Data kept"): a submission never confirmed — a
 * proposal, a need, a support, a block connector application, with its e-mail address — is
 * deleted once it is older than UNCONFIRMED_DAYS and no confirmation link of it still works; expired
 * one-time links are deleted a day after they expire. The e-mail address of a decided proposal or
 * need (published, rejected, withdrawn — or returned, once no edit link of it still works) is
 * cleared `emailRetentionDays` after the decision (the last step that mails the submitter), and a
 * support's once it is confirmed or withdrawn as long ago; `email_hash` stays (one support per
 * e-mail, the per-e-mail limit) and the proposal's or need's domain is kept in `email_domain`.
 * Run by the server's schedule (server/subscriptions/scheduler.ts) with the subscriptions' own
 * clean-up.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export const UNCONFIRMED_DAYS = 7;
/** the default of PARTICIPATION_EMAIL_RETENTION_DAYS */
export const EMAIL_RETENTION_DAYS = 90;

const TABLES = ['proposal', 'need', 'support', 'connector_application'] as const;

export interface Purged extends Record<(typeof TABLES)[number] | 'token', number> {
  /** rows whose e-mail address was cleared */
  email_cleared: { proposal: number; need: number; support: number };
}

/** deletes what is past its time and clears old addresses; answers how many rows of each kind */
export async function purgeParticipation(
  db: Kysely<DB>,
  now: Date = new Date(),
  emailRetentionDays: number = EMAIL_RETENTION_DAYS,
): Promise<Purged> {
  const before = new Date(now.getTime() - UNCONFIRMED_DAYS * 86_400_000);
  const out = { proposal: 0, need: 0, support: 0, connector_application: 0, token: 0 };
  for (const table of TABLES) {
    const r = await sql`
      DELETE FROM ${sql.table(table)} x
      WHERE x.status = 'unconfirmed' AND x.created_at < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM participation_token t
          WHERE t.target_type = ${table} AND t.target_id = x.id AND t.purpose = 'confirm'
            AND t.used_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ${now}))`.execute(db);
    out[table] = Number(r.numAffectedRows ?? 0);
  }
  const t = await sql`
    DELETE FROM participation_token WHERE expires_at < ${new Date(now.getTime() - 86_400_000)}`.execute(db);
  out.token = Number(t.numAffectedRows ?? 0);
  return { ...out, email_cleared: await clearOldAddresses(db, now, emailRetentionDays) };
}

/**
 * Clears the e-mail address of the proposals and needs decided more than `days` ago (keeping its
 * domain in email_domain) and of the supports confirmed or withdrawn as long ago. A returned
 * proposal keeps it while an edit link of it still works (the proposer may resubmit, and is mailed
 * again); every row keeps email_hash.
 */
export async function clearOldAddresses(
  db: Kysely<DB>,
  now: Date,
  days: number,
): Promise<Purged['email_cleared']> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const out = { proposal: 0, need: 0, support: 0 };
  for (const table of ['proposal', 'need'] as const) {
    const r = await sql`
      UPDATE ${sql.table(table)} x
      SET email = NULL, email_domain = COALESCE(x.email_domain, lower(substring(x.email from '[^@]*$')))
      WHERE x.email IS NOT NULL
        AND x.status IN ('published', 'rejected', 'withdrawn', 'returned')
        AND COALESCE(x.decided_at, x.updated_at) < ${before}
        AND NOT EXISTS (
          SELECT 1 FROM participation_token t
          WHERE t.target_type = ${table} AND t.target_id = x.id AND t.purpose = 'edit'
            AND t.used_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ${now}))`.execute(db);
    out[table] = Number(r.numAffectedRows ?? 0);
  }
  const s = await sql`
    UPDATE support SET email = NULL
    WHERE email IS NOT NULL AND status IN ('confirmed', 'withdrawn')
      AND COALESCE(withdrawn_at, confirmed_at, created_at) < ${before}`.execute(db);
  out.support = Number(s.numAffectedRows ?? 0);
  return out;
}
