/** Admin actions: a bearer token from the configuration (ADMIN_TOKEN) until accounts exist. */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError } from '../http/errors.ts';

function authorised(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** throws 503 when the admin API is off, 401 without the right token */
export function requireAdmin(c: Context, token: string | undefined): void {
  if (!token) throw new ApiError(503, 'admin_disabled', 'The admin API is off: set ADMIN_TOKEN to enable it');
  if (!authorised(c.req.header('authorization'), token)) {
    c.header('www-authenticate', 'Bearer');
    throw new ApiError(401, 'unauthorised', 'An admin token is required (Authorization: Bearer …)');
  }
}
