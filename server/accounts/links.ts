/**
 * One-time sign-in links: `/admin/sign-in/link?token=…` (e-mailed, or printed by `npm run user`).
 * The token's SHA-256 is stored with the account, the tenant, its expiry and when it was used.
 * The link opens a page that asks the person to press "Sign in", which POSTs the token: a mail
 * scanner fetching the link does not use it up.
 */
import type { Executor } from './queries.ts';
import { hashSecret, newSecret, SECRET_RE } from './secrets.ts';

export const SIGN_IN_LINK_PATH = '/admin/sign-in/link';

/** the link of a token under a public address (publicBase() of server/http/public-url.ts) */
export function signInLinkUrl(base: string, token: string): string {
  return `${base}${SIGN_IN_LINK_PATH}?token=${token}`;
}

export async function createSignInLink(
  db: Executor,
  o: { accountId: string; tenantId: number; now: number; minutes: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(o.now + o.minutes * 60_000);
  await db
    .insertInto('sign_in_link')
    .values({
      hash: hashSecret(token),
      account_id: o.accountId,
      tenant_id: o.tenantId,
      created_at: new Date(o.now),
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  // links a day past their expiry are of no use to anyone
  await db
    .deleteFrom('sign_in_link')
    .where('expires_at', '<', new Date(o.now - 86_400_000))
    .execute();
  return { token, expiresAt };
}

/**
 * Uses a link: answers its account and tenant, or undefined when it is unknown, used or expired.
 * The UPDATE … WHERE used_at IS NULL makes two concurrent uses of one link succeed at most once.
 */
export async function consumeSignInLink(
  db: Executor,
  token: string,
  now: number,
): Promise<{ accountId: string; tenantId: number } | undefined> {
  if (!SECRET_RE.test(token)) return undefined;
  const row = await db
    .updateTable('sign_in_link')
    .set({ used_at: new Date(now) })
    .where('hash', '=', hashSecret(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date(now))
    .returning(['account_id', 'tenant_id'])
    .executeTakeFirst();
  return row ? { accountId: row.account_id, tenantId: row.tenant_id } : undefined;
}
