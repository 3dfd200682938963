/** Reading the audit log: one tenant's entries, newest first, by entity and period, paged by id. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface AuditQuery {
  tenantId: number;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** entries with an id below this one (the `next` of the previous page) */
  before?: number | undefined;
  limit: number;
}

export interface AuditView {
  id: number;
  at: string;
  actor: { kind: string; account_id: string | null; token_id: string | null; label: string | null };
  action: string;
  entity_type: string;
  entity_id: string | null;
  previous: Record<string, unknown> | null;
  new: Record<string, unknown> | null;
  summary: string;
}

export async function listAudit(db: Executor, q: AuditQuery): Promise<{ items: AuditView[]; next: number | null }> {
  let s = db
    .selectFrom('audit_entry')
    .select([
      'id',
      'at',
      'actor_kind',
      'actor_account_id',
      'actor_token_id',
      'actor_label',
      'action',
      'entity_type',
      'entity_id',
      'previous',
      'new',
      'summary',
    ])
    .where('tenant_id', '=', q.tenantId);
  if (q.entityType) s = s.where('entity_type', '=', q.entityType);
  if (q.entityId) s = s.where('entity_id', '=', q.entityId);
  if (q.from) s = s.where('at', '>=', q.from);
  if (q.to) s = s.where('at', '<', q.to);
  if (q.before !== undefined) s = s.where('id', '<', q.before);
  const rows = await s
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { kind: r.actor_kind, account_id: r.actor_account_id, token_id: r.actor_token_id, label: r.actor_label },
      action: r.action,
      entity_type: r.entity_type,
      entity_id: r.entity_id,
      previous: r.previous,
      new: r.new,
      summary: r.summary,
    })),
    next: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
