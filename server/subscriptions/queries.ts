/** The subscription rows and their link tokens; every function takes the executor first. */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashToken, newToken } from './tokens.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export type Frequency = 'weekly' | 'daily';
export const PENDING_DAYS = 7;
/** a manage link works this long after the mail that carried it */
export const MANAGE_TOKEN_DAYS = 400;

export interface SubscriptionRow {
  id: string;
  tenant_id: number;
  email: string;
  language: string;
  frequency: Frequency;
  filters: Record<string, string>;
  created_at: Date;
  confirmed_at: Date | null;
  last_sent_at: Date | null;
  covered_until: Date | null;
}

const COLUMNS = [
  'id',
  'tenant_id',
  'email',
  'language',
  'frequency',
  'filters',
  'created_at',
  'confirmed_at',
  'last_sent_at',
  'covered_until',
] as const;

export interface NewSubscription {
  tenantId: number;
  email: string;
  language: string;
  frequency: Frequency;
  filters: Record<string, string>;
}

export type SubscribeOutcome =
  | { state: 'new' | 'pending'; id: string; confirmToken: string }
  | { state: 'subscribed'; id: string; manageToken: string; language: string };

/**
 * New address: a pending subscription and a confirmation token. Pending: its settings replaced
 * and a fresh confirmation token (older ones stop working). Confirmed: left as it is (nobody may
 * change someone else's subscription by knowing the address); a manage token for a reminder.
 */
export async function subscribe(db: Kysely<DB>, s: NewSubscription): Promise<SubscribeOutcome> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('subscription')
      .select(['id', 'confirmed_at', 'language'])
      .where('tenant_id', '=', s.tenantId)
      .where(sql<string>`lower(email)`, '=', s.email.toLowerCase())
      .forUpdate()
      .executeTakeFirst();
    if (existing?.confirmed_at) {
      return {
        state: 'subscribed',
        id: existing.id,
        manageToken: await addToken(trx, existing.id, 'manage'),
        language: existing.language,
      };
    }
    let id: string;
    if (existing) {
      id = existing.id;
      await trx
        .updateTable('subscription')
        .set({
          language: s.language,
          frequency: s.frequency,
          filters: JSON.stringify(s.filters),
          created_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('subscription_token').where('subscription_id', '=', id).execute();
    } else {
      id = randomUUID();
      await trx
        .insertInto('subscription')
        .values({
          id,
          tenant_id: s.tenantId,
          email: s.email,
          language: s.language,
          frequency: s.frequency,
          filters: JSON.stringify(s.filters),
          confirmed_at: null,
          last_sent_at: null,
          covered_until: null,
        })
        .execute();
    }
    return { state: existing ? 'pending' : 'new', id, confirmToken: await addToken(trx, id, 'confirm') };
  });
}

export async function addToken(
  db: Executor,
  subscriptionId: string,
  purpose: 'confirm' | 'manage',
): Promise<string> {
  const token = newToken();
  await db
    .insertInto('subscription_token')
    .values({ hash: hashToken(token), subscription_id: subscriptionId, purpose })
    .execute();
  return token;
}

/** the subscription a token of that purpose belongs to (a confirm token only while pending and fresh) */
export async function findByToken(
  db: Executor,
  token: string,
  purpose: 'confirm' | 'manage',
  now: Date = new Date(),
): Promise<SubscriptionRow | undefined> {
  const days = purpose === 'confirm' ? PENDING_DAYS : MANAGE_TOKEN_DAYS;
  const row = await db
    .selectFrom('subscription_token as t')
    .innerJoin('subscription as s', 's.id', 't.subscription_id')
    .select(COLUMNS.map((c) => `s.${c}` as const))
    .where('t.hash', '=', hashToken(token))
    .where('t.purpose', '=', purpose)
    .where('t.created_at', '>', new Date(now.getTime() - days * 86_400_000))
    .executeTakeFirst();
  return row as SubscriptionRow | undefined;
}

/** confirms by a confirmation token (used once); the subscription, or undefined for a bad token */
export async function confirmByToken(db: Kysely<DB>, token: string, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const row = await findByToken(trx, token, 'confirm', now);
    if (!row) return undefined;
    await trx.deleteFrom('subscription_token').where('hash', '=', hashToken(token)).execute();
    if (!row.confirmed_at)
      await trx.updateTable('subscription').set({ confirmed_at: now }).where('id', '=', row.id).execute();
    return { ...row, confirmed_at: row.confirmed_at ?? now };
  });
}

export async function updateSubscription(
  db: Executor,
  id: string,
  change: { language?: string; frequency?: Frequency; filters?: Record<string, string> },
): Promise<void> {
  const set = {
    ...(change.language ? { language: change.language } : {}),
    ...(change.frequency ? { frequency: change.frequency } : {}),
    ...(change.filters ? { filters: JSON.stringify(change.filters), covered_until: null } : {}),
  };
  if (Object.keys(set).length) await db.updateTable('subscription').set(set).where('id', '=', id).execute();
}

/** deletes the subscription of a manage token (and all its tokens); whether there was one */
export async function deleteByToken(db: Kysely<DB>, token: string): Promise<boolean> {
  const row = await findByToken(db, token, 'manage');
  if (!row) return false;
  await db.deleteFrom('subscription').where('id', '=', row.id).execute();
  return true;
}

/** unconfirmed subscriptions older than PENDING_DAYS, and manage tokens past their time, are deleted */
export async function purgeExpired(
  db: Kysely<DB>,
  now = new Date(),
): Promise<{ pending: number; tokens: number }> {
  const pending = await db
    .deleteFrom('subscription')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - PENDING_DAYS * 86_400_000))
    .executeTakeFirst();
  const tokens = await db
    .deleteFrom('subscription_token')
    .where('created_at', '<', new Date(now.getTime() - MANAGE_TOKEN_DAYS * 86_400_000))
    .executeTakeFirst();
  return { pending: Number(pending.numDeletedRows), tokens: Number(tokens.numDeletedRows) };
}
