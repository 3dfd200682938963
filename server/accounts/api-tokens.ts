/**
 * Personal API tokens: `Authorization: Bearer cmt_…` for scripts. Each is scoped to one tenant and
 * one role of its owner, shown once when made, kept as its SHA-256, revocable. A token is only as
 * strong as its owner's standing: it stops working when the account is disabled or no longer
 * holds the role in that tenant (checked on every use by ./authorize.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../db/schema.ts';
import type { Executor } from './queries.ts';
import { API_TOKEN_RE, hashSecret, newApiToken } from './secrets.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  tenant: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** last_used_at is written at most this often */
const TOUCH_EVERY_MS = 60_000;

export async function createApiToken(
  db: Executor,
  o: { accountId: string; tenantId: number; role: Role; name: string; now: number; expiresInDays?: number },
): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const id = randomUUID();
  await db
    .insertInto('api_token')
    .values({
      id,
      hash: hashSecret(token),
      name: o.name,
      account_id: o.accountId,
      tenant_id: o.tenantId,
      role: o.role,
      created_at: new Date(o.now),
      last_used_at: null,
      expires_at: o.expiresInDays ? new Date(o.now + o.expiresInDays * 86_400_000) : null,
      revoked_at: null,
    })
    .execute();
  return { id, token };
}

export async function listApiTokens(db: Executor, accountId: string): Promise<ApiTokenView[]> {
  const rows = await db
    .selectFrom('api_token as k')
    .innerJoin('tenant as t', 't.id', 'k.tenant_id')
    .select(['k.id', 'k.name', 't.slug as tenant', 'k.role', 'k.created_at', 'k.last_used_at', 'k.expires_at', 'k.revoked_at'])
    .where('k.account_id', '=', accountId)
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id')
    .execute();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tenant: r.tenant,
    role: r.role,
    created_at: r.created_at.toISOString(),
    last_used_at: iso(r.last_used_at),
    expires_at: iso(r.expires_at),
    revoked_at: iso(r.revoked_at),
  }));
}

/** revokes a token of `accountId`; answers the token as it was, or undefined when it is not theirs or already revoked */
export async function revokeApiToken(db: Executor, accountId: string, id: string, now: number) {
  return db
    .updateTable('api_token')
    .set({ revoked_at: new Date(now) })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'tenant_id', 'role'])
    .executeTakeFirst();
}

export interface LiveApiToken {
  id: string;
  account_id: string;
  tenant_id: number;
  role: Role;
  name: string;
}

/** the live (not revoked, not expired) token of a bearer value, touched; or undefined */
export async function findLiveApiToken(db: Executor, bearer: string, now: number): Promise<LiveApiToken | undefined> {
  if (!API_TOKEN_RE.test(bearer)) return undefined;
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'account_id', 'tenant_id', 'role', 'name', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('hash', '=', hashSecret(bearer))
    .executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now)) return undefined;
  if (!row.last_used_at || now - row.last_used_at.getTime() >= TOUCH_EVERY_MS)
    await db.updateTable('api_token').set({ last_used_at: new Date(now) }).where('id', '=', row.id).execute();
  return { id: row.id, account_id: row.account_id, tenant_id: row.tenant_id, role: row.role, name: row.name };
}
