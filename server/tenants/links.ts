/**
 * The address a tenant's links start with — feeds, e-mails (digests, confirmations, sign-in
 * links), the CLI's sign-in links — and the address a request reached its tenant through (the
 * basemap style's sources). Built only from configured values (PUBLIC_URL and tenant_host), never
 * from an unchecked Host header (server/http/public-url.ts says why).
 *
 * - A tenant with a host name: PUBLIC_URL's scheme and port with that host (its first, by age).
 * - Else the default tenant (DEFAULT_TENANT, else the first): PUBLIC_URL itself.
 * - Else PUBLIC_URL + `/t/<slug>`.
 */
import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { publicBase } from '../http/public-url.ts';
import { tenantHint } from './context.ts';
import type { TenantResolver } from './queries.ts';

type UrlConfig = Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'DEFAULT_TENANT'>;

/** `base` with its host name replaced by `host` (scheme, port and path kept) */
export function withHost(base: string, host: string): string {
  const u = new URL(base);
  u.hostname = host;
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

/** the host names of a tenant, oldest first */
export async function hostsOf(db: Kysely<DB>, tenantId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('tenant_host')
    .select('host')
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('host')
    .execute();
  return rows.map((r) => r.host);
}

async function isDefaultTenant(db: Kysely<DB>, config: UrlConfig, tenant: { id: number; slug: string }) {
  if (config.DEFAULT_TENANT) return tenant.slug === config.DEFAULT_TENANT;
  const first = await db.selectFrom('tenant').select('id').orderBy('id').limit(1).executeTakeFirst();
  return first?.id === tenant.id;
}

/** where the links of `tenant` point: its host name, else PUBLIC_URL (default tenant) or PUBLIC_URL/t/<slug> */
export async function tenantLinkBase(
  db: Kysely<DB>,
  config: UrlConfig,
  tenant: { id: number; slug: string },
  c?: Context,
): Promise<string> {
  return tenantLinkUnder(db, config, tenant, publicBase(config, c));
}

/** tenantLinkBase() from a given public base (a CLI's hand-off knows the server's own address) */
export async function tenantLinkUnder(
  db: Kysely<DB>,
  config: UrlConfig,
  tenant: { id: number; slug: string },
  base: string,
): Promise<string> {
  const [host] = await hostsOf(db, tenant.id);
  if (host) return withHost(base, host);
  if (await isDefaultTenant(db, config, tenant)) return base;
  return `${base}/t/${tenant.slug}`;
}

/**
 * The address this request reached its tenant through: PUBLIC_URL, with the request's host when
 * that host is a tenant's configured host name, plus the request's `/t/<slug>` prefix if any.
 */
export async function requestBase(tenants: TenantResolver, config: UrlConfig, c: Context): Promise<string> {
  const hint = tenantHint();
  let base = publicBase(config, c);
  if (hint?.host && (await tenants.byHost(hint.host))) base = withHost(base, hint.host);
  return hint?.prefix ? `${base}/t/${hint.prefix}` : base;
}

/** the path prefix of the request ("" or "/t/<slug>") for relative links the server hands out */
export function requestPrefix(): string {
  const p = tenantHint()?.prefix;
  return p ? `/t/${p}` : '';
}
