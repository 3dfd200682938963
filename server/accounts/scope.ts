/**
 * Enforcement in the queries: expressions that put the actor's tenant — and for editors their
 * organisations — into the WHERE of a statement, so that a route that forgets a check still
 * cannot read or change another tenant's rows, or an editor another organisation's.
 *
 *   await trx.updateTable('opportunity').set(change)
 *     .where('id', '=', id)
 *     .where(writableBy(actor))   // tenant_id = $1 [AND organisation_id = ANY($2::uuid[])]
 *     .executeTakeFirst();        // 0 rows → 404, never someone else's row
 *
 * `inTenant(actor)` is for every tenant-owned table; `writableBy(actor)` for the tables with an
 * organisation_id (place, opportunity): admins (and operators) write every row of the tenant,
 * editors the rows of their organisations, anyone else none (FALSE). Both take an optional
 * table alias for statements with joins (`writableBy(actor, 'o')` → o.tenant_id, o.organisation_id).
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from './authorize.ts';

const column = (alias: string | undefined, name: string) => sql.ref(alias ? `${alias}.${name}` : name);

/** tenant_id = the actor's tenant */
export function inTenant(actor: Pick<Actor, 'tenantId'>, alias?: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column(alias, 'tenant_id')} = ${actor.tenantId}`;
}

/** the rows of a place/opportunity-like table (tenant_id, organisation_id) the actor may change */
export function writableBy(
  actor: Pick<Actor, 'tenantId' | 'roles' | 'organisationIds'>,
  alias?: string,
): RawBuilder<SqlBool> {
  const tenant = inTenant(actor, alias);
  if (actor.roles.includes('admin')) return tenant;
  if (actor.roles.includes('editor') && actor.organisationIds.length)
    return sql<SqlBool>`(${tenant} AND ${column(alias, 'organisation_id')} = ANY(${actor.organisationIds}::uuid[]))`;
  return sql<SqlBool>`FALSE`;
}

/**
 * the rows of a place/opportunity-like table the actor may review (docs/ADMIN.md, "Review"):
 * admins and moderators, every PENDING row of the tenant (all organisations); anyone else none
 */
export function reviewableBy(actor: Pick<Actor, 'tenantId' | 'roles'>, alias?: string): RawBuilder<SqlBool> {
  if (!actor.roles.includes('admin') && !actor.roles.includes('moderator')) return sql<SqlBool>`FALSE`;
  return sql<SqlBool>`(${inTenant(actor, alias)} AND ${column(alias, 'status')} = 'pending')`;
}
