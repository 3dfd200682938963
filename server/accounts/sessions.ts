/**
 * Sessions of signed-in people: a random id in an HttpOnly, SameSite=Lax cookie (Secure and
 * `__Host-` prefixed when PUBLIC_URL is https), only its SHA-256 in the `session` table, with the
 * account, the tenant signed in to, the CSRF secret, an absolute expiry (SESSION_MAX_HOURS after
 * sign-in) and an idle expiry (SESSION_IDLE_MINUTES after the last request). A sign-in always
 * makes a new session (the id rotates), and removes the one the request came with.
 *
 * Times come from the caller's clock (`now`, ms), not from the database's, so tests can move time.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { servesHttps } from '../http/public-url.ts';
import type { Executor } from './queries.ts';
import { hashSecret, newSecret, SECRET_RE } from './secrets.ts';

type SessionConfig = Pick<Config, 'PUBLIC_URL' | 'SESSION_MAX_HOURS' | 'SESSION_IDLE_MINUTES'>;

/** the cookie's name: `__Host-` (Secure, Path=/, no Domain, enforced by browsers) over https */
export function sessionCookieName(config: Pick<Config, 'PUBLIC_URL'>): string {
  return servesHttps(config) ? '__Host-cm_session' : 'cm_session';
}

/** last_seen_at is written at most this often (a request per click must not be a write per click) */
const TOUCH_EVERY_MS = 60_000;

export interface SessionRow {
  id_hash: string;
  account_id: string;
  tenant_id: number;
  csrf_secret: string;
  via: 'password' | 'link';
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

export interface NewSession {
  /** the cookie's value: handed to the browser, never stored */
  id: string;
  row: SessionRow;
}

export async function createSession(
  db: Executor,
  config: SessionConfig,
  o: { accountId: string; tenantId: number; via: 'password' | 'link'; now: number },
): Promise<NewSession> {
  const id = newSecret();
  const row: SessionRow = {
    id_hash: hashSecret(id),
    account_id: o.accountId,
    tenant_id: o.tenantId,
    csrf_secret: newSecret(),
    via: o.via,
    created_at: new Date(o.now),
    expires_at: new Date(o.now + config.SESSION_MAX_HOURS * 3_600_000),
    last_seen_at: new Date(o.now),
  };
  await db.insertInto('session').values(row).execute();
  // expired sessions of anyone are pruned as new ones are made
  await db.deleteFrom('session').where('expires_at', '<', new Date(o.now)).execute();
  return { id, row };
}

/** the session of a cookie value if it is live (not past its absolute or idle expiry), and touches it */
export async function findLiveSession(
  db: Executor,
  config: SessionConfig,
  cookieValue: string | undefined,
  now: number,
): Promise<SessionRow | undefined> {
  if (!cookieValue || !SECRET_RE.test(cookieValue)) return undefined;
  const idHash = hashSecret(cookieValue);
  const row = await db
    .selectFrom('session')
    .select(['id_hash', 'account_id', 'tenant_id', 'csrf_secret', 'via', 'created_at', 'expires_at', 'last_seen_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const idleUntil = row.last_seen_at.getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (now >= row.expires_at.getTime() || now >= idleUntil) {
    await db.deleteFrom('session').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  if (now - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await db.updateTable('session').set({ last_seen_at: new Date(now) }).where('id_hash', '=', idHash).execute();
    row.last_seen_at = new Date(now);
  }
  return row;
}

export async function deleteSession(db: Executor, cookieValue: string | undefined): Promise<void> {
  if (!cookieValue || !SECRET_RE.test(cookieValue)) return;
  await db.deleteFrom('session').where('id_hash', '=', hashSecret(cookieValue)).execute();
}

/** every session of an account, except `keepIdHash` (a password change keeps the current one) */
export async function deleteSessionsOf(db: Executor, accountId: string, keepIdHash?: string): Promise<void> {
  let q = db.deleteFrom('session').where('account_id', '=', accountId);
  if (keepIdHash) q = q.where('id_hash', '<>', keepIdHash);
  await q.execute();
}

export function readSessionCookie(c: Context, config: Pick<Config, 'PUBLIC_URL'>): string | undefined {
  return getCookie(c, sessionCookieName(config));
}

export function setSessionCookie(c: Context, config: SessionConfig, s: NewSession): void {
  const https = servesHttps(config);
  setCookie(c, sessionCookieName(config), s.id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: https,
    maxAge: config.SESSION_MAX_HOURS * 3600,
  });
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'PUBLIC_URL'>): void {
  deleteCookie(c, sessionCookieName(config), {
    path: '/',
    secure: servesHttps(config),
    httpOnly: true,
    sameSite: 'Lax',
  });
}

/** when the session ends if nothing more happens: the earlier of its two expiries */
export function sessionEndsAt(row: SessionRow, config: SessionConfig): Date {
  return new Date(
    Math.min(row.expires_at.getTime(), row.last_seen_at.getTime() + config.SESSION_IDLE_MINUTES * 60_000),
  );
}
