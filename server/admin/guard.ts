/**
 * What the back office's admin-only APIs (organisations, users, settings) share: a guard that
 * authenticates and checks the admin role in the tenant before a body is read or validated (so
 * an editor's request is a 403 whatever it sends), the body size limit, 409 conflicts, and the
 * per-tenant lock that serialises changes of who administers a tenant.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { MiddlewareHandler } from 'hono';
import { authenticate } from '../accounts/authenticate.ts';
import { requireRole } from '../accounts/authorize.ts';
import type { DB } from '../db/schema.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';

/** 401 / 403 (admins of the tenant of ?tenant= only), then the body limit */
export function adminOnly(deps: AppDeps): MiddlewareHandler[] {
  return [
    async (c, next) => {
      await authenticate(c, deps);
      const slug = c.req.query('tenant');
      // a malformed slug is the route's own 400; only a well-formed one is resolved here
      if (slug === undefined || /^[a-z0-9-]{1,64}$/.test(slug)) {
        const tenant = await deps.tenants.resolve(slug);
        await requireRole(c, deps, tenant, ['admin']);
      }
      await next();
    },
    jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES),
  ];
}

export const conflict = (message: string, details?: unknown) =>
  new ApiError(409, 'conflict', message, details);

/**
 * Holds the tenant's row (FOR NO KEY UPDATE, which foreign-key checks do not wait for) until the
 * transaction ends: two admins removing each other at the same moment run one after the other,
 * so the second sees the first's change and the tenant keeps an admin.
 */
export async function lockTenant(trx: Transaction<DB> | Kysely<DB>, tenantId: number): Promise<void> {
  await sql`SELECT id FROM tenant WHERE id = ${tenantId} FOR NO KEY UPDATE`.execute(trx);
}

/** PostgreSQL's unique_violation */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
