/**
 * One-time links in the participation mails (confirm a proposal, a need, a support or a block
 * connector application; edit a returned proposal; withdraw a support): 256 random bits in the
 * mail, only their SHA-256 in `participation_token`. A token is bound to its purpose and target.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, ParticipationTarget, ParticipationTokenTable } from '../db/schema.ts';
import { hashToken, newToken, TOKEN_RE } from '../subscriptions/tokens.ts';

type Executor = Kysely<DB> | Transaction<DB>;
type Purpose = ParticipationTokenTable['purpose'];

export { TOKEN_RE };

/** a new token for `target`, valid for `days` (null: until used) */
export async function issueToken(
  db: Executor,
  input: {
    tenantId: number;
    purpose: Purpose;
    targetType: ParticipationTarget;
    targetId: string;
    days: number | null;
  },
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('participation_token')
    .values({
      hash: hashToken(token),
      tenant_id: input.tenantId,
      purpose: input.purpose,
      target_type: input.targetType,
      target_id: input.targetId,
      expires_at: input.days === null ? null : new Date(Date.now() + input.days * 86_400_000),
      used_at: null,
    })
    .execute();
  return token;
}

export interface TokenTarget {
  tenantId: number;
  targetType: ParticipationTarget;
  targetId: string;
  usedAt: Date | null;
}

/**
 * what a token of `purpose` in `tenantId` points at, or null (unknown, malformed, other purpose
 * or tenant, expired). A used token is still found (`usedAt` set): a second click on a
 * confirmation link says "already confirmed" rather than "unknown link".
 */
export async function readToken(
  db: Executor,
  tenantId: number,
  purpose: Purpose,
  token: string,
): Promise<TokenTarget | null> {
  if (!TOKEN_RE.test(token)) return null;
  const row = await db
    .selectFrom('participation_token')
    .select(['tenant_id', 'target_type', 'target_id', 'expires_at', 'used_at'])
    .where('hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at && new Date(row.expires_at).getTime() < Date.now()) return null;
  return {
    tenantId: row.tenant_id,
    targetType: row.target_type,
    targetId: row.target_id,
    usedAt: row.used_at ? new Date(row.used_at) : null,
  };
}

/** marks a token used (in the transaction that acts on it); false when it was used already */
export async function useToken(db: Executor, token: string): Promise<boolean> {
  const r = await db
    .updateTable('participation_token')
    .set({ used_at: new Date() })
    .where('hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
