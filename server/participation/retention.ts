/**
 * What is not kept (docs/PARTICIPATION.md, "Data kept"): a submission never confirmed — a
 * proposal, a need, a support, a block connector application, with its e-mail address — is
 * deleted once it is older than UNCONFIRMED_DAYS and no confirmation link of it still works; expired
 * one-time links are deleted a day after they expire. Run by the server's schedule
 * (server/subscriptions/scheduler.ts) with the subscriptions' own clean-up.
 */
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export const UNCONFIRMED_DAYS = 7;

const TABLES = ['proposal', 'need', 'support', 'connector_application'] as const;

/** deletes what is past its time; answers how many rows of each kind went */
export async function purgeParticipation(
  db: Kysely<DB>,
  now: Date = new Date(),
): Promise<Record<(typeof TABLES)[number] | 'token', number>> {
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
  return out;
}
