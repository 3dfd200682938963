/**
 * The confirmation handlers of needs and supports, registered in the participation dispatcher
 * (server/participation/confirm.ts: target_type → handler). Each runs in the dispatcher's
 * transaction, changes only an unconfirmed row of the tenant, records the step in the audit log
 * (actor: a resident, never the address), and answers the row's status — the same on a second
 * click; null when there is no such row (the dispatcher answers 404).
 *
 * - need: unconfirmed → pending (the moderation queue), `confirmed_at`/`submitted_at` set.
 * - support: unconfirmed → confirmed (counted), and its e-mail address cleared (only its hash is
 *   kept, for "one per e-mail").
 */
import { sql, type Transaction } from 'kysely';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';

export const RESIDENT_ACTOR = { kind: 'system', label: 'resident' } as const;

export async function confirmNeed(
  trx: Transaction<DB>,
  tenantId: number,
  id: string,
): Promise<{ status: string } | null> {
  const row = await trx
    .selectFrom('need')
    .select(['status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== 'unconfirmed') return { status: row.status };
  const at = new Date();
  await trx
    .updateTable('need')
    .set({ status: 'pending', confirmed_at: at, submitted_at: at, updated_at: sql`now()` as never })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, {
    tenantId,
    actor: RESIDENT_ACTOR,
    action: 'need.confirm',
    entity: { type: 'need', id },
    previous: { status: 'unconfirmed' },
    next: { status: 'pending' },
    summary: 'A resident confirmed a need: it waits for moderation',
  });
  return { status: 'pending' };
}

export async function confirmSupport(
  trx: Transaction<DB>,
  tenantId: number,
  id: string,
): Promise<{ status: string } | null> {
  const row = await trx
    .selectFrom('support')
    .select(['status', 'target_type', 'target_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== 'unconfirmed') return { status: row.status };
  await trx
    .updateTable('support')
    .set({ status: 'confirmed', confirmed_at: new Date(), email: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, {
    tenantId,
    actor: RESIDENT_ACTOR,
    action: 'support.confirm',
    entity: { type: 'support', id },
    previous: { status: 'unconfirmed', target_type: row.target_type, target_id: row.target_id },
    next: { status: 'confirmed', target_type: row.target_type, target_id: row.target_id },
    summary: `A resident confirmed a support of ${row.target_type} ${row.target_id}`,
  });
  return { status: 'confirmed' };
}
