/**
 * The history of one place or opportunity: its audit entries (written by the back office, with
 * the previous and the next editable record), newest first, each with the fields that changed.
 * Editors see the history of the rows they may edit; the tenant-wide log stays admin-only.
 */
import { sql } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import { inTenant } from '../accounts/scope.ts';
import { changedFields, type Executor } from './common.ts';
import type { History } from './schemas.ts';

export const HISTORY_LIMIT = 500;

export async function historyOf(
  db: Executor,
  actor: Actor,
  entityType: 'place' | 'opportunity',
  id: string,
): Promise<History> {
  const { rows } = await sql<{
    id: number | string;
    at: Date | string;
    actor_label: string | null;
    action: string;
    summary: string;
    previous: Record<string, unknown> | null;
    new: Record<string, unknown> | null;
  }>`
    SELECT id, at, actor_label, action, summary, previous, new FROM audit_entry
    WHERE ${inTenant(actor)} AND entity_type = ${entityType} AND entity_id = ${id}
    ORDER BY id DESC LIMIT ${HISTORY_LIMIT}`.execute(db);
  return {
    items: rows.map((r) => {
      const previous =
        typeof r.previous === 'string' ? (JSON.parse(r.previous) as Record<string, unknown>) : r.previous;
      const next = typeof r.new === 'string' ? (JSON.parse(r.new) as Record<string, unknown>) : r.new;
      return {
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        actor_label: r.actor_label,
        action: r.action,
        summary: r.summary,
        changes: changedFields(previous, next)
          .filter((f) => f !== 'duplicated_from')
          .map((field) => ({ field, previous: previous?.[field] ?? null, next: next?.[field] ?? null })),
      };
    }),
  };
}
