/**
 * Who is calling: a session cookie, a personal API token (`Authorization: Bearer cmt_…`), or the
 * deprecated ADMIN_TOKEN. Answers a Principal, or throws 401. A state-changing request (anything
 * but GET/HEAD/OPTIONS) authenticated by the session cookie must carry the session's CSRF token in
 * `X-CSRF-Token`, else 403 `csrf_failed`; bearer requests need none (a browser never adds them).
 *
 * The answer is kept on the request (`c.get('principal')`), so several checks cost one lookup.
 */
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import { findLiveApiToken, type LiveApiToken } from './api-tokens.ts';
import { type AccountRow, findAccountById } from './queries.ts';
import { API_TOKEN_RE, sameSecret } from './secrets.ts';
import { findLiveSession, readSessionCookie, type SessionRow } from './sessions.ts';

export type Principal =
  | { kind: 'session'; account: AccountRow; session: SessionRow }
  | { kind: 'token'; account: AccountRow; token: LiveApiToken }
  | { kind: 'admin_token' };

declare module 'hono' {
  interface ContextVariableMap {
    /** who the request authenticated as (set by authenticate) */
    principal: Principal | null;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
/** RFC 9745: ADMIN_TOKEN is deprecated since 2026-12-01 */
export const ADMIN_TOKEN_DEPRECATION = '@1796083200';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const warned = new WeakSet<object>();

export const clockOf = (deps: Pick<AppDeps, 'now'>): (() => number) => deps.now ?? Date.now;

function bearerOf(c: Context): string | undefined {
  const m = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '');
  return m?.[1];
}

function refuse(c: Context, reason: string, level: 'warn' | 'debug' = 'warn'): never {
  // the message and reasons of the former ADMIN_TOKEN check, which log checks rely on
  c.get('log')?.[level]('admin authentication failed', {
    reason,
    client: c.get('clientAddress') ?? 'unknown',
    method: c.req.method,
    path: c.req.path,
  });
  c.header('www-authenticate', 'Bearer');
  throw new ApiError(
    401,
    'unauthorised',
    'Sign in first (a session), or send a personal API token (Authorization: Bearer …)',
  );
}

/** the principal of the request, or null when it carries no credentials at all; 401 for bad ones */
export async function authenticateOptional(c: Context, deps: AppDeps): Promise<Principal | null> {
  const cached = c.get('principal');
  if (cached !== undefined) return cached;
  const now = clockOf(deps)();
  const bearer = bearerOf(c);
  let principal: Principal | null = null;
  if (c.req.header('authorization') !== undefined) {
    if (!bearer) refuse(c, 'not the Bearer scheme');
    const adminToken = deps.config.ADMIN_TOKEN;
    if (adminToken && sameSecret(bearer, adminToken)) {
      if (!warned.has(deps.config)) {
        warned.add(deps.config);
        deps.log.warn(
          'ADMIN_TOKEN is deprecated and stops working in the next release: create a personal API token instead (docs/ADMIN.md)',
        );
      }
      c.header('Deprecation', ADMIN_TOKEN_DEPRECATION);
      principal = { kind: 'admin_token' };
    } else {
      if (!adminToken && !API_TOKEN_RE.test(bearer))
        // a script of before accounts, on a server without ADMIN_TOKEN: say what to do instead
        throw new ApiError(
          503,
          'admin_disabled',
          'ADMIN_TOKEN is not set on this server (and it is deprecated): sign in, or use a personal API token (POST /api/auth/tokens)',
        );
      const token = await findLiveApiToken(deps.db, bearer, now);
      const account = token ? await findAccountById(deps.db, token.account_id) : undefined;
      if (!token || !account) refuse(c, 'wrong token');
      if (account.disabled_at) refuse(c, 'the token’s account is disabled');
      principal = { kind: 'token', account, token };
    }
  } else {
    const session = await findLiveSession(deps.db, deps.config, readSessionCookie(c, deps.config), now);
    if (session) {
      const account = await findAccountById(deps.db, session.account_id);
      if (account && !account.disabled_at) principal = { kind: 'session', account, session };
      // a session belongs to the tenant it signed in to: at another tenant's host name or path
      // prefix it is not a session at all (operators span tenants)
      if (principal && !account?.operator) {
        const here = await deps.tenants.contextTenant();
        if (here && here.id !== session.tenant_id) principal = null;
      }
    }
    if (principal?.kind === 'session' && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!sameSecret(sent, principal.session.csrf_secret)) {
        c.get('log')?.warn('CSRF token missing or wrong', { client: c.get('clientAddress'), path: c.req.path });
        throw new ApiError(
          403,
          'csrf_failed',
          'This request changes something and needs the X-CSRF-Token header of the session (from GET /api/auth/me)',
        );
      }
    }
  }
  c.set('principal', principal);
  return principal;
}

/** the principal of the request; 401 without one */
export async function authenticate(c: Context, deps: AppDeps): Promise<Principal> {
  const p = await authenticateOptional(c, deps);
  if (!p)
    refuse(
      c,
      c.req.header('cookie') ? 'no live session' : 'no authorization header',
      // "am I signed in?" without credentials is every back-office page's first question: no warning
      c.req.method === 'GET' && c.req.path === '/api/auth/me' ? 'debug' : 'warn',
    );
  return p;
}
