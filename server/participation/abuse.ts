/**
 * The abuse guard of every public participation form (proposals, needs, supports, block
 * connectors' applications), called before anything is stored:
 *
 *   const guard = await guardSubmission(c, deps, { tenantId, email: body.email, honeypot: body.website });
 *   if (guard.drop) return c.json({ status: 'unconfirmed' }, 202);   // a bot: store and send nothing
 *   … insert with guard.emailHash, guard.clientHash …
 *
 * 1. the honeypot (`website`, a field people never see): filled → `{drop: true}`: the route
 *    answers 202 as usual and stores and sends nothing;
 * 2. blocks (moderation_block): the client address (an IP, a CIDR range, or `client:<hash>` —
 *    the hash kept with a submission) or the e-mail domain (and its subdomains) → 403 `blocked`;
 * 3. the per-e-mail limit RATE_LIMIT_PARTICIPATION_EMAIL (default 5/1h): submissions of any kind
 *    from one e-mail hash within the window, counted in the database over proposal, need,
 *    support and connector_application → 429 `rate_limited` naming the limit.
 * The per-address limit is the edge limit RATE_LIMIT_PROPOSALS (server/http/edge-limits.ts).
 *
 * The key of client hashes is PARTICIPATION_SECRET, else a random key made once per install and
 * kept in install_secret (migration 0015), so hashes stay comparable across restarts.
 */
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';
import { type Kysely, sql } from 'kysely';
import type { Config, RateLimitSpec } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { clientAddress, normaliseAddress } from '../http/client-address.ts';
import { ApiError } from '../http/errors.ts';
import type { Logger } from '../logger.ts';
import { clientHash, emailDomain, emailHash } from './identity.ts';

export interface GuardDeps {
  db: Kysely<DB>;
  config: Pick<Config, 'TRUST_PROXY' | 'RATE_LIMIT_PARTICIPATION_EMAIL' | 'PARTICIPATION_SECRET'>;
  log?: Logger;
}

export type Guarded =
  | { drop: true }
  | {
      drop: false;
      /** emailHash(tenantId, email): for "one per e-mail" and the limit */
      emailHash: string;
      /** the domain of the address (what moderators see instead of the address) */
      emailDomain: string;
      /** the client address as an HMAC (never the address itself) */
      clientHash: string;
    };

export const CLIENT_PREFIX = 'client:';

const secrets = new WeakMap<object, Promise<string>>();

/** the key of client hashes: PARTICIPATION_SECRET, else the install's own (made once, kept in the database) */
export function participationSecret(deps: Pick<GuardDeps, 'db' | 'config'>): Promise<string> {
  if (deps.config.PARTICIPATION_SECRET) return Promise.resolve(deps.config.PARTICIPATION_SECRET);
  let p = secrets.get(deps.db);
  if (!p) {
    p = (async () => {
      await deps.db
        .insertInto('install_secret')
        .values({ name: 'participation', value: randomBytes(32).toString('base64url') })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await deps.db
        .selectFrom('install_secret')
        .select('value')
        .where('name', '=', 'participation')
        .executeTakeFirstOrThrow();
      return row.value;
    })();
    p.catch(() => secrets.delete(deps.db));
    secrets.set(deps.db, p);
  }
  return p;
}

/** the hash of the calling client, as stored with a submission and blocked as `client:<hash>` */
export async function requestClientHash(
  c: Context,
  deps: Pick<GuardDeps, 'db' | 'config'>,
  tenantId: number,
) {
  const address = clientAddress(c, deps.config.TRUST_PROXY);
  return clientHash(await participationSecret(deps), tenantId, address);
}

/** a domain and its parents: a block of example.org also blocks mail.example.org */
function domainAndParents(domain: string): string[] {
  const parts = domain.split('.').filter(Boolean);
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/** a block value of kind 'address' as written by a moderator: an IP, a CIDR range, or client:<hash> */
export function addressBlockProblem(value: string): string | null {
  if (value.startsWith(CLIENT_PREFIX))
    return /^client:[A-Za-z0-9_-]{43}$/.test(value)
      ? null
      : 'value: client:<hash> must name the hash of a submission';
  const [ip, bits, ...rest] = value.split('/');
  const family = isIP(ip ?? '');
  if (!family || rest.length)
    return 'value must be an IP address (192.0.2.7, 2001:db8::1) or a CIDR range (192.0.2.0/24)';
  if (bits !== undefined) {
    const n = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || n > (family === 4 ? 32 : 128))
      return `value: the prefix length of a CIDR range must be 0–${family === 4 ? 32 : 128}`;
  }
  return null;
}

/** is the client (its normalised address key, see client-address.ts) covered by one of the address blocks? */
export function addressBlocked(clientKey: string, hash: string, values: string[]): boolean {
  const list = new BlockList();
  for (const v of values) {
    if (v.startsWith(CLIENT_PREFIX)) {
      if (v === `${CLIENT_PREFIX}${hash}`) return true;
      continue;
    }
    if (addressBlockProblem(v)) continue;
    const [ip = '', bits] = v.split('/');
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    // one IPv6 host stands for its /64, as the client's key does
    if (!bits && normaliseAddress(ip) === clientKey) return true;
    if (bits) list.addSubnet(ip, Number(bits), family);
    else list.addAddress(ip, family);
  }
  // an IPv6 client is keyed by its /64 ("2001:db8:1:2::/64"): its first address stands for it
  const probe = clientKey.endsWith('::/64') ? clientKey.slice(0, -3) : clientKey;
  const family = isIP(probe);
  if (!family) return false;
  return list.check(probe, family === 6 ? 'ipv6' : 'ipv4');
}

/** how many submissions an e-mail hash made within the window, over the four kinds */
export async function submissionsFrom(
  db: Kysely<DB>,
  tenantId: number,
  hash: string,
  since: Date,
): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT (
      (SELECT count(*) FROM proposal WHERE tenant_id = ${tenantId} AND email_hash = ${hash} AND created_at > ${since})
      + (SELECT count(*) FROM need WHERE tenant_id = ${tenantId} AND email_hash = ${hash} AND created_at > ${since})
      + (SELECT count(*) FROM support WHERE tenant_id = ${tenantId} AND email_hash = ${hash} AND created_at > ${since})
      + (SELECT count(*) FROM connector_application WHERE tenant_id = ${tenantId} AND email_hash = ${hash} AND created_at > ${since})
    )::int AS n`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

function describe(spec: RateLimitSpec): string {
  const s = spec.windowMs / 1000;
  const window = s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
  return `${spec.count} submissions per e-mail address per ${window}`;
}

export async function guardSubmission(
  c: Context,
  deps: GuardDeps,
  input: { tenantId: number; email: string; honeypot?: string | null | undefined },
): Promise<Guarded> {
  if (input.honeypot && input.honeypot.trim() !== '') {
    deps.log?.info('participation: honeypot filled, submission dropped', { path: c.req.path });
    return { drop: true };
  }
  const domain = emailDomain(input.email);
  const eHash = emailHash(input.tenantId, input.email);
  const key = clientAddress(c, deps.config.TRUST_PROXY);
  const cHash = clientHash(await participationSecret(deps), input.tenantId, key);

  const blocks = await deps.db
    .selectFrom('moderation_block')
    .select(['kind', 'value'])
    .where('tenant_id', '=', input.tenantId)
    .where((eb) =>
      eb.or([
        eb('kind', '=', 'address'),
        eb.and([eb('kind', '=', 'email_domain'), eb('value', 'in', domainAndParents(domain))]),
      ]),
    )
    .execute();
  const domainBlocked = blocks.some((b) => b.kind === 'email_domain');
  const addrBlocked = addressBlocked(
    key,
    cHash,
    blocks.filter((b) => b.kind === 'address').map((b) => b.value),
  );
  if (domainBlocked || addrBlocked)
    throw new ApiError(
      403,
      'blocked',
      domainBlocked
        ? 'Submissions from this e-mail domain are blocked by the moderators of this town'
        : 'Submissions from this address are blocked by the moderators of this town',
    );

  const limit = deps.config.RATE_LIMIT_PARTICIPATION_EMAIL;
  if (limit) {
    const since = new Date(Date.now() - limit.windowMs);
    const n = await submissionsFrom(deps.db, input.tenantId, eHash, since);
    if (n >= limit.count) {
      c.header('Retry-After', String(Math.ceil(limit.windowMs / 1000)));
      throw new ApiError(
        429,
        'rate_limited',
        `Too many submissions from this e-mail address: the limit is ${describe(limit)} (RATE_LIMIT_PARTICIPATION_EMAIL)`,
        { limit: limit.count, window_s: limit.windowMs / 1000 },
      );
    }
  }
  return { drop: false, emailHash: eHash, emailDomain: domain, clientHash: cHash };
}
