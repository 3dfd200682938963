/**
 * The audit log's one writer. Call it with the transaction that makes the change, so the entry
 * exists exactly when the change does:
 *
 *   await db.transaction().execute(async (trx) => {
 *     const before = await …;            // the row as it was (null when created)
 *     await trx.updateTable('place')…;    // the change
 *     await recordAudit(trx, {
 *       tenantId, actor: auditActorOf(actor), action: 'place.update',
 *       entity: { type: 'place', id }, previous: before, next: after, summary: 'Moved the entrance',
 *     });
 *   });
 *
 * `previous` and `next` are JSON objects (null for "did not exist"); never put a password, a hash
 * or a token in them (`withoutSecrets` drops the usual keys). Actions are `entity.verb`
 * (`account.create`, `membership.add`, `token.revoke`, `auth.sign_in`, `import`…).
 */
import type { Kysely, Transaction } from 'kysely';
import type { AuditActorKind, DB } from '../db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** who acted: an account (signed in), an API token (and its account), ADMIN_TOKEN, or the system */
export interface AuditActor {
  kind: AuditActorKind;
  accountId?: string | null;
  tokenId?: string | null;
  /** a readable name at the time: the account's address, the token's name, "npm run import"… */
  label?: string | null;
}

export interface AuditInput {
  /** null for changes outside any tenant (an operator flag) */
  tenantId: number | null;
  actor: AuditActor;
  action: string;
  entity: { type: string; id?: string | number | null };
  previous?: Record<string, unknown> | null;
  next?: Record<string, unknown> | null;
  summary?: string;
  /** when it happened; default: the database's now() */
  at?: Date;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', label: 'system' };

const SECRET_KEYS = /^(password|password_hash|hash|token|secret|csrf_secret|id_hash)$/i;

/** a copy of `o` without the keys that hold secrets (also in nested objects) */
export function withoutSecrets(o: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (!o) return null;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date))
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([k]) => !SECRET_KEYS.test(k))
          .map(([k, x]) => [k, walk(x)]),
      );
    return v;
  };
  return walk(o) as Record<string, unknown>;
}

export async function recordAudit(trx: Executor, e: AuditInput): Promise<number> {
  const row = await trx
    .insertInto('audit_entry')
    .values({
      tenant_id: e.tenantId,
      ...(e.at ? { at: e.at } : {}),
      actor_kind: e.actor.kind,
      actor_account_id: e.actor.accountId ?? null,
      actor_token_id: e.actor.tokenId ?? null,
      actor_label: e.actor.label ?? null,
      action: e.action,
      entity_type: e.entity.type,
      entity_id: e.entity.id === undefined || e.entity.id === null ? null : String(e.entity.id),
      previous: e.previous ? JSON.stringify(withoutSecrets(e.previous)) : null,
      new: e.next ? JSON.stringify(withoutSecrets(e.next)) : null,
      summary: (e.summary ?? '').slice(0, 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
