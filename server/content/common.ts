/** What the back office's place and opportunity code shares: errors, checks, comparisons. */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Actor } from '../accounts/authorize.ts';
import type { DB } from '../db/schema.ts';
import { ApiError, badRequest } from '../http/errors.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** updated_at with microseconds, in UTC: sent back as expected_updated_at, compared exactly */
export const UPDATED_AT = (alias: string) =>
  sql<string>`to_char(${sql.ref(`${alias}.updated_at`)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function staleError(what: string, current: string): ApiError {
  return new ApiError(
    409,
    'stale',
    `This ${what} was changed since you opened it (now updated_at ${current}); reload it and make your change again`,
    { updated_at: current },
  );
}

export interface Missing {
  field: string;
  message: string;
}

export function notPublishable(what: string, missing: Missing[]): ApiError {
  return new ApiError(
    409,
    'not_publishable',
    `This ${what} cannot be published yet: ${missing.map((m) => `${m.field}: ${m.message}`).join('; ')}`,
    { missing },
  );
}

/**
 * The organisation a row is written for: an editor only for one of theirs (403 naming it) and
 * never none; an admin for any organisation of the tenant, or none.
 */
export async function checkOrganisation(
  db: Executor,
  actor: Actor,
  organisationId: string | null,
): Promise<void> {
  const admin = actor.roles.includes('admin');
  if (!organisationId) {
    if (!admin)
      throw badRequest('organisation_id: required for an editor (one of your organisations)', [
        { parameter: 'organisation_id', message: 'required for an editor' },
      ]);
    return;
  }
  const id = organisationId.toLowerCase();
  if (!admin && !actor.organisationIds.includes(id))
    throw new ApiError(
      403,
      'forbidden',
      `You may not write for organisation ${id}: you edit for ${actor.organisationIds.join(', ') || 'no organisation'}`,
      { organisation_id: id },
    );
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', id)
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirst();
  if (!org)
    throw badRequest(`organisation_id: no organisation ${id} in this tenant`, [
      { parameter: 'organisation_id', message: 'no such organisation in this tenant' },
    ]);
}

/** JSON with sorted keys: two values are the same exactly when these strings are */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** the top-level fields whose value differs */
export function changedFields(
  previous: Record<string, unknown> | null,
  next: Record<string, unknown> | null,
): string[] {
  const keys = new Set([...Object.keys(previous ?? {}), ...Object.keys(next ?? {})]);
  return [...keys].filter((k) => stableJson(previous?.[k]) !== stableJson(next?.[k])).sort();
}

/** a LIKE pattern matching `q` anywhere, its wildcards escaped */
export function containsPattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}
