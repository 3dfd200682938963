/**
 * The tenant's people for the back office: accounts with a membership in the tenant, their
 * memberships there, and the rule that a tenant always keeps an administrator. Every statement
 * carries the tenant (inTenant of ../accounts/scope.ts); an account without a membership in the
 * tenant is invisible to its admins (operators excepted).
 */
import { sql } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import type { AccountRow, Executor } from '../accounts/queries.ts';
import { inTenant } from '../accounts/scope.ts';
import type { Role } from '../db/schema.ts';

export interface UserMembership {
  id: string;
  role: Role;
  organisation: { id: string; slug: string; name: string } | null;
  area: { id: string; name: string } | null;
  /** a block connector's drawn area (no area row) */
  drawn_area: boolean;
  created_at: string;
}

export interface UserView {
  id: string;
  email: string;
  operator: boolean;
  disabled: boolean;
  has_password: boolean;
  created_at: string;
  last_sign_in_at: string | null;
  memberships: UserMembership[];
}

type Scope = Pick<Actor, 'tenantId'>;

async function membershipsIn(db: Executor, scope: Scope, accountIds?: string[]) {
  let q = db
    .selectFrom('membership as m')
    .leftJoin('organisation as o', (j) =>
      j.onRef('o.id', '=', 'm.organisation_id').onRef('o.tenant_id', '=', 'm.tenant_id'),
    )
    .leftJoin('area as ar', (j) =>
      j.onRef('ar.id', '=', 'm.area_id').onRef('ar.tenant_id', '=', 'm.tenant_id'),
    )
    .select([
      'm.id',
      'm.account_id',
      'm.role',
      'm.created_at',
      'o.id as org_id',
      'o.slug as org_slug',
      'o.name as org_name',
      'ar.id as area_id',
      'ar.name as area_name',
      sql<boolean>`m.area_geom IS NOT NULL`.as('drawn'),
    ])
    .where(inTenant(scope, 'm'))
    .orderBy('m.role')
    .orderBy('o.slug');
  if (accountIds)
    q = q.where(
      'm.account_id',
      'in',
      accountIds.length ? accountIds : ['00000000-0000-0000-0000-000000000000'],
    );
  return q.execute();
}

function view(a: AccountRow, ms: Awaited<ReturnType<typeof membershipsIn>>): UserView {
  return {
    id: a.id,
    email: a.email,
    operator: a.operator,
    disabled: a.disabled_at !== null,
    has_password: Boolean(a.password_hash),
    created_at: a.created_at.toISOString(),
    last_sign_in_at: a.last_sign_in_at?.toISOString() ?? null,
    memberships: ms
      .filter((m) => m.account_id === a.id)
      .map((m) => ({
        id: m.id,
        role: m.role,
        organisation: m.org_id
          ? { id: m.org_id, slug: m.org_slug as string, name: m.org_name as string }
          : null,
        area: m.area_id ? { id: m.area_id, name: (m.area_name as string | null) ?? '' } : null,
        drawn_area: Boolean(m.drawn),
        created_at: m.created_at.toISOString(),
      })),
  };
}

const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'password_hash',
  'operator',
  'created_at',
  'last_sign_in_at',
  'disabled_at',
] as const;

/** the accounts with a membership in the tenant, by address */
export async function listUsers(db: Executor, scope: Scope): Promise<UserView[]> {
  const accounts = await db
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('membership')
          .select('membership.id')
          .whereRef('membership.account_id', '=', 'account.id')
          .where(inTenant(scope, 'membership')),
      ),
    )
    .orderBy(sql`lower(email)`)
    .execute();
  const ms = await membershipsIn(
    db,
    scope,
    accounts.map((a) => a.id),
  );
  return accounts.map((a) => view(a, ms));
}

/**
 * The account `id` as the actor may see it: one with a membership in the actor's tenant, or, for
 * an operator, any account. Undefined otherwise (the caller answers 404: not theirs = not found).
 */
export async function userInScope(
  db: Executor,
  actor: Pick<Actor, 'tenantId' | 'operator'>,
  id: string,
): Promise<UserView | undefined> {
  let q = db.selectFrom('account').select(ACCOUNT_COLUMNS).where('id', '=', id);
  if (!actor.operator)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('membership')
          .select('membership.id')
          .whereRef('membership.account_id', '=', 'account.id')
          .where(inTenant(actor, 'membership')),
      ),
    );
  const a = await q.executeTakeFirst();
  if (!a) return undefined;
  return view(a, await membershipsIn(db, actor, [a.id]));
}

/** how many tenants other than the actor's the account holds a role in */
export async function otherTenantCount(db: Executor, scope: Scope, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('membership')
    .select(sql<number>`count(DISTINCT tenant_id)`.as('n'))
    .where('account_id', '=', accountId)
    .where('tenant_id', '<>', scope.tenantId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The enabled accounts that would still be admins of the tenant without `without`: a membership
 * removed, or an account disabled. Run it after lockTenant (../admin/guard.ts) in the same
 * transaction, so that two removals cannot both see the other's admin.
 */
export async function adminsLeft(
  db: Executor,
  scope: Scope,
  without: { membershipId?: string; accountId?: string },
): Promise<number> {
  let q = db
    .selectFrom('membership as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .select(sql<number>`count(DISTINCT a.id)`.as('n'))
    .where(inTenant(scope, 'm'))
    .where('m.role', '=', 'admin')
    .where('a.disabled_at', 'is', null);
  if (without.membershipId) q = q.where('m.id', '<>', without.membershipId);
  if (without.accountId) q = q.where('a.id', '<>', without.accountId);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

/** deletes one membership of the account in the tenant; true when there was one */
export async function deleteMembership(
  db: Executor,
  scope: Scope,
  accountId: string,
  membershipId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('membership')
    .where('id', '=', membershipId)
    .where('account_id', '=', accountId)
    .where(inTenant(scope))
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** the tenant's area with this id (for a block connector), or undefined */
export async function areaIn(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('area')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where(inTenant(scope))
    .executeTakeFirst();
}

/** the tenant's organisation by id or slug (for an editor), with its archive state */
export async function organisationIn(
  db: Executor,
  scope: Scope,
  ref: string,
): Promise<{ id: string; slug: string; name: string; archived: boolean } | undefined> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const row = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'name', 'archived_at'])
    .where(uuid ? 'id' : 'slug', '=', uuid ? ref.toLowerCase() : ref)
    .where(inTenant(scope))
    .executeTakeFirst();
  return row ? { id: row.id, slug: row.slug, name: row.name, archived: row.archived_at !== null } : undefined;
}
