/**
 * Who acts, and with which roles, in one tenant. Routes call
 *
 *   const actor = await requireRole(c, deps, tenant, ['admin', 'editor']);
 *
 * which authenticates (401), checks that the caller holds one of the roles in that tenant (403)
 * and answers the Actor: account, token, roles there, organisations (editors), areas (block
 * connectors), operator. Pass the Actor on to the query helpers of ./scope.ts, which put the
 * tenant (and an editor's organisations) into the WHERE of the statements themselves.
 *
 * - An operator (account.operator) is an admin of every tenant.
 * - A session acts in the tenant it signed in to (operators: in any).
 * - An API token acts in its tenant with its one role, and only while its account still holds
 *   that role there (operators: admin anywhere).
 * - ADMIN_TOKEN (deprecated) is an admin of every tenant, as it was before accounts.
 */
import type { Context } from 'hono';
import type { Role } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import type { AuditActor } from '../audit/record.ts';
import { authenticate, type Principal } from './authenticate.ts';
import { type Executor, membershipsOf } from './queries.ts';

export interface BlockArea {
  membershipId: string;
  /** an area of the tenant, or null for a drawn polygon (read it with the membership id) */
  areaId: string | null;
}

export interface Actor {
  kind: 'account' | 'token' | 'admin_token';
  accountId: string | null;
  tokenId: string | null;
  /** a readable name: the account's address, or "ADMIN_TOKEN" */
  label: string;
  tenantId: number;
  /** the roles held in this tenant (a token: its one role) */
  roles: Role[];
  /** editors: the organisations whose places and opportunities they may change */
  organisationIds: string[];
  /** block connectors: their areas */
  areas: BlockArea[];
  operator: boolean;
}

interface TenantRef {
  id: number;
  slug: string;
}

/** the Actor of a principal in a tenant (roles may be empty: not a member there) */
export async function actorIn(deps: { db: Executor }, p: Principal, tenant: TenantRef): Promise<Actor> {
  if (p.kind === 'admin_token')
    return {
      kind: 'admin_token',
      accountId: null,
      tokenId: null,
      label: 'ADMIN_TOKEN',
      tenantId: tenant.id,
      roles: ['admin'],
      organisationIds: [],
      areas: [],
      operator: true,
    };
  const account = p.account;
  const base = {
    accountId: account.id,
    label: account.email,
    tenantId: tenant.id,
    operator: account.operator,
  };
  const boundTenant = p.kind === 'session' ? p.session.tenant_id : p.token.tenant_id;
  if (boundTenant !== tenant.id && !account.operator)
    return { ...base, kind: p.kind === 'session' ? 'account' : 'token', tokenId: null, roles: [], organisationIds: [], areas: [] };
  const memberships = (await membershipsOf(deps.db, account.id, tenant.id)).filter(
    (m) => p.kind === 'session' || m.role === p.token.role,
  );
  const roles = new Set<Role>(memberships.map((m) => m.role));
  if (account.operator && (p.kind === 'session' || p.token.role === 'admin')) roles.add('admin');
  return {
    ...base,
    kind: p.kind === 'session' ? 'account' : 'token',
    tokenId: p.kind === 'token' ? p.token.id : null,
    roles: [...roles],
    organisationIds: memberships.flatMap((m) => (m.role === 'editor' && m.organisation ? [m.organisation.id] : [])),
    areas: memberships.flatMap((m) => (m.role === 'block_connector' ? [{ membershipId: m.id, areaId: m.area_id }] : [])),
  };
}

/** 403 unless the actor holds one of `roles` */
export function assertRole(actor: Actor, roles: readonly Role[], tenant: TenantRef): void {
  if (actor.roles.some((r) => roles.includes(r))) return;
  const have = actor.roles.length ? `you have ${actor.roles.join(', ')}` : 'you have no role there';
  throw new ApiError(
    403,
    'forbidden',
    `This needs the role ${roles.join(' or ')} in tenant "${tenant.slug}"; ${have}`,
    { needs: roles, has: actor.roles },
  );
}

/** authenticates the request and answers the Actor if it holds one of `roles` in `tenant` */
export async function requireRole(
  c: Context,
  deps: AppDeps,
  tenant: TenantRef,
  roles: readonly Role[],
): Promise<Actor> {
  const actor = await actorIn(deps, await authenticate(c, deps), tenant);
  assertRole(actor, roles, tenant);
  return actor;
}

/** how an Actor is named in the audit log */
export function auditActorOf(actor: Actor): AuditActor {
  return { kind: actor.kind, accountId: actor.accountId, tokenId: actor.tokenId, label: actor.label };
}
