/**
 * The sign-in throttle, in the database (several API processes may serve one town, so no counter
 * lives in a process). Every password attempt and every link request is a row keyed by a SHA-256
 * of "account:<address>" or "address:<client>" — addresses of accounts that do not exist are not
 * stored in clear. Too many failures of one key within SIGN_IN_THROTTLE_MINUTES → 429 with
 * Retry-After, the same for known and unknown addresses. A successful sign-in clears the failures
 * of its account (not those of the client address).
 */
import { createHash } from 'node:crypto';
import type { Executor } from './queries.ts';

export type AttemptPurpose = 'password' | 'link';

export const accountKey = (email: string) =>
  createHash('sha256').update(`account:${email.trim().toLowerCase()}`).digest('base64url');
export const addressKey = (address: string) => createHash('sha256').update(`address:${address}`).digest('base64url');

/**
 * How long (ms) until `key` may try again: 0 when it has had fewer than `max` failures of
 * `purpose` in the window, else until the oldest of its last `max` failures leaves the window.
 */
export async function throttledFor(
  db: Executor,
  o: { key: string; purpose: AttemptPurpose; max: number; windowMs: number; now: number; failuresOnly?: boolean },
): Promise<number> {
  let q = db
    .selectFrom('sign_in_attempt')
    .select('at')
    .where('key_hash', '=', o.key)
    .where('purpose', '=', o.purpose)
    .where('at', '>', new Date(o.now - o.windowMs));
  if (o.failuresOnly !== false) q = q.where('succeeded', '=', false);
  const rows = await q.orderBy('at', 'desc').limit(o.max).execute();
  if (rows.length < o.max) return 0;
  const oldest = rows[rows.length - 1]?.at.getTime() ?? o.now;
  return Math.max(1000, oldest + o.windowMs - o.now);
}

export async function recordAttempt(
  db: Executor,
  o: { keys: string[]; purpose: AttemptPurpose; succeeded: boolean; now: number; windowMs: number },
): Promise<void> {
  await db
    .insertInto('sign_in_attempt')
    .values(o.keys.map((key_hash) => ({ key_hash, purpose: o.purpose, at: new Date(o.now), succeeded: o.succeeded })))
    .execute();
  // rows past a day and past the window count for nothing
  await db
    .deleteFrom('sign_in_attempt')
    .where('at', '<', new Date(o.now - Math.max(o.windowMs, 86_400_000)))
    .execute();
}

export async function clearFailures(db: Executor, key: string, purpose: AttemptPurpose): Promise<void> {
  await db
    .deleteFrom('sign_in_attempt')
    .where('key_hash', '=', key)
    .where('purpose', '=', purpose)
    .where('succeeded', '=', false)
    .execute();
}
