/**
 * The tenant's organisations with their editors, for the back office. Every statement carries
 * the tenant (inTenant of ../accounts/scope.ts): an id of another tenant finds nothing.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import type { Executor } from '../accounts/queries.ts';
import { inTenant } from '../accounts/scope.ts';

export interface OrganisationEditor {
  account_id: string;
  email: string;
  membership_id: string;
  disabled: boolean;
}

export interface OrganisationView {
  id: string;
  slug: string;
  name: string;
  contact: string | null;
  archived: boolean;
  archived_at: string | null;
  created_at: string;
  editors: OrganisationEditor[];
}

/** the organisation's row as the audit log keeps it */
export interface OrganisationRecord {
  id: string;
  slug: string;
  name: string;
  contact: string | null;
  archived_at: string | null;
}

type Scope = Pick<Actor, 'tenantId'>;

export async function findOrganisationById(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<OrganisationRecord | undefined> {
  const row = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'name', 'contact', 'archived_at'])
    .where('id', '=', id)
    .where(inTenant(scope))
    .executeTakeFirst();
  return row ? { ...row, archived_at: row.archived_at?.toISOString() ?? null } : undefined;
}

export async function listOrganisations(db: Executor, scope: Scope): Promise<OrganisationView[]> {
  const orgs = await db
    .selectFrom('organisation')
    .select(['id', 'slug', 'name', 'contact', 'archived_at', 'created_at'])
    .where(inTenant(scope))
    .orderBy(sql`lower(name)`)
    .orderBy('slug')
    .execute();
  const editors = await db
    .selectFrom('membership as m')
    .innerJoin('account as a', 'a.id', 'm.account_id')
    .select(['m.id as membership_id', 'm.organisation_id', 'a.id as account_id', 'a.email', 'a.disabled_at'])
    .where(inTenant(scope, 'm'))
    .where('m.role', '=', 'editor')
    .orderBy(sql`lower(a.email)`)
    .execute();
  return orgs.map((o) => ({
    id: o.id,
    slug: o.slug,
    name: o.name,
    contact: o.contact,
    archived: o.archived_at !== null,
    archived_at: o.archived_at?.toISOString() ?? null,
    created_at: o.created_at.toISOString(),
    editors: editors
      .filter((e) => e.organisation_id === o.id)
      .map((e) => ({
        account_id: e.account_id,
        email: e.email,
        membership_id: e.membership_id,
        disabled: e.disabled_at !== null,
      })),
  }));
}

export async function slugTaken(db: Executor, scope: Scope, slug: string, except?: string): Promise<boolean> {
  let q = db.selectFrom('organisation').select('id').where('slug', '=', slug).where(inTenant(scope));
  if (except) q = q.where('id', '<>', except);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertOrganisation(
  db: Executor,
  scope: Scope,
  o: { slug: string; name: string; contact: string | null },
  at: Date,
): Promise<OrganisationRecord> {
  const id = randomUUID();
  await db
    .insertInto('organisation')
    .values({ id, tenant_id: scope.tenantId, slug: o.slug, name: o.name, contact: o.contact, created_at: at })
    .execute();
  return { id, slug: o.slug, name: o.name, contact: o.contact, archived_at: null };
}

export async function updateOrganisation(
  db: Executor,
  scope: Scope,
  id: string,
  change: { slug?: string; name?: string; contact?: string | null; archived_at?: Date | null },
): Promise<OrganisationRecord | undefined> {
  if (Object.keys(change).length)
    await db.updateTable('organisation').set(change).where('id', '=', id).where(inTenant(scope)).execute();
  return findOrganisationById(db, scope, id);
}
