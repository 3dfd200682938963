/**
 * Accounts, organisations and memberships. Every function takes the kysely executor first (the
 * database or a transaction), so a change and its audit entry share one transaction.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Role } from '../db/schema.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

export interface AccountRow {
  id: string;
  email: string;
  password_hash: string | null;
  operator: boolean;
  created_at: Date;
  last_sign_in_at: Date | null;
  disabled_at: Date | null;
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

export async function findAccountByEmail(db: Executor, email: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function findAccountById(db: Executor, id: string): Promise<AccountRow | undefined> {
  return db.selectFrom('account').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** the account of `email`, created (without a password) when there is none; `created` tells which */
export async function ensureAccount(
  db: Executor,
  email: string,
  at: Date,
): Promise<{ account: AccountRow; created: boolean }> {
  const existing = await findAccountByEmail(db, email);
  if (existing) return { account: existing, created: false };
  const account = await db
    .insertInto('account')
    .values({ id: randomUUID(), email: email.trim(), created_at: at })
    .returning(ACCOUNT_COLUMNS)
    .executeTakeFirstOrThrow();
  return { account, created: true };
}

export async function setAccountFlags(
  db: Executor,
  id: string,
  flags: { operator?: boolean; disabled_at?: Date | null; password_hash?: string | null; last_sign_in_at?: Date },
): Promise<void> {
  await db.updateTable('account').set(flags).where('id', '=', id).execute();
}

export interface MembershipView {
  id: string;
  tenant_id: number;
  tenant: string;
  role: Role;
  organisation: { id: string; slug: string; name: string } | null;
  area_id: string | null;
  /** a drawn area of a block connector, as GeoJSON */
  area_geojson: string | null;
}

/** the memberships of an account, with the tenant's slug and the organisation; one tenant or all */
export async function membershipsOf(db: Executor, accountId: string, tenantId?: number): Promise<MembershipView[]> {
  let q = db
    .selectFrom('membership as m')
    .innerJoin('tenant as t', 't.id', 'm.tenant_id')
    .leftJoin('organisation as o', (j) => j.onRef('o.id', '=', 'm.organisation_id').onRef('o.tenant_id', '=', 'm.tenant_id'))
    .select([
      'm.id',
      'm.tenant_id',
      't.slug as tenant',
      'm.role',
      'm.area_id',
      'o.id as org_id',
      'o.slug as org_slug',
      'o.name as org_name',
      sql<string | null>`ST_AsGeoJSON(m.area_geom)`.as('area_geojson'),
    ])
    .where('m.account_id', '=', accountId)
    .orderBy('t.slug')
    .orderBy('m.role')
    .orderBy('o.slug');
  if (tenantId !== undefined) q = q.where('m.tenant_id', '=', tenantId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    tenant_id: r.tenant_id,
    tenant: r.tenant,
    role: r.role,
    organisation: r.org_id ? { id: r.org_id, slug: r.org_slug as string, name: r.org_name as string } : null,
    area_id: r.area_id,
    area_geojson: r.area_geojson,
  }));
}

export interface NewMembership {
  accountId: string;
  tenantId: number;
  role: Role;
  organisationId?: string | null;
  areaId?: string | null;
}

/** adds a membership unless the same one exists; answers its id and whether it was new */
export async function addMembership(
  db: Executor,
  m: NewMembership,
  at: Date,
): Promise<{ id: string; created: boolean }> {
  let q = db
    .selectFrom('membership')
    .select('id')
    .where('account_id', '=', m.accountId)
    .where('tenant_id', '=', m.tenantId)
    .where('role', '=', m.role)
    .where('area_geom', 'is', null);
  q = m.organisationId ? q.where('organisation_id', '=', m.organisationId) : q.where('organisation_id', 'is', null);
  q = m.areaId ? q.where('area_id', '=', m.areaId) : q.where('area_id', 'is', null);
  const existing = await q.executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const id = randomUUID();
  await db
    .insertInto('membership')
    .values({
      id,
      account_id: m.accountId,
      tenant_id: m.tenantId,
      role: m.role,
      organisation_id: m.organisationId ?? null,
      area_id: m.areaId ?? null,
      area_geom: null,
      created_at: at,
    })
    .execute();
  return { id, created: true };
}

export interface OrganisationRow {
  id: string;
  tenant_id: number;
  slug: string;
  name: string;
}

export async function findOrganisation(db: Executor, tenantId: number, slug: string): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'tenant_id', 'slug', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function ensureOrganisation(
  db: Executor,
  tenantId: number,
  slug: string,
  name: string,
  at: Date,
): Promise<{ organisation: OrganisationRow; created: boolean }> {
  const existing = await findOrganisation(db, tenantId, slug);
  if (existing) return { organisation: existing, created: false };
  const organisation = await db
    .insertInto('organisation')
    .values({ id: randomUUID(), tenant_id: tenantId, slug, name, created_at: at })
    .returning(['id', 'tenant_id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  return { organisation, created: true };
}

/** every account with a membership in the tenant, or every account at all; with their memberships */
export async function listAccounts(db: Executor, tenantId?: number) {
  let q = db.selectFrom('account').select(ACCOUNT_COLUMNS).orderBy(sql`lower(email)`);
  if (tenantId !== undefined)
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('membership')
            .select('membership.id')
            .whereRef('membership.account_id', '=', 'account.id')
            .where('membership.tenant_id', '=', tenantId),
        ),
        eb('operator', '=', true),
      ]),
    );
  const accounts = await q.execute();
  const out = [];
  for (const a of accounts) out.push({ ...a, memberships: await membershipsOf(db, a.id, tenantId) });
  return out;
}
