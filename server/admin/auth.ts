/**
 * Admin actions: a bearer token from the configuration (ADMIN_TOKEN) until accounts exist.
 * Every refused attempt is logged with the caller's address and the reason — never the token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ApiError } from '../http/errors.ts';

type Refusal = 'no authorization header' | 'not the Bearer scheme' | 'wrong token';

function check(header: string | undefined, token: string): Refusal | null {
  if (!header) return 'no authorization header';
  const m = /^Bearer (.+)$/.exec(header);
  if (!m?.[1]) return 'not the Bearer scheme';
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'wrong token';
}

/** throws 503 when the admin API is off, 401 without the right token */
export function requireAdmin(c: Context, token: string | undefined): void {
  if (!token) throw new ApiError(503, 'admin_disabled', 'The admin API is off: set ADMIN_TOKEN to enable it');
  const refusal = check(c.req.header('authorization'), token);
  if (refusal) {
    c.get('log')?.warn('admin authentication failed', {
      reason: refusal,
      client: c.get('clientAddress') ?? 'unknown',
      method: c.req.method,
      path: c.req.path,
    });
    c.header('www-authenticate', 'Bearer');
    throw new ApiError(401, 'unauthorised', 'An admin token is required (Authorization: Bearer …)');
  }
}
