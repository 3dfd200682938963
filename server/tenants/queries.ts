/** Tenants (municipalities): lookup by slug, or the default one. */
import type { Kysely } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { tenantHint } from './context.ts';

export interface Tenant {
  id: number;
  slug: string;
  name: LocalizedText;
  locales: string[];
  defaultLocale: string;
  timezone: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number] | null;
}

export async function findTenant(db: Kysely<DB>, slug: string | undefined): Promise<Tenant | undefined> {
  let q = db
    .selectFrom('tenant')
    .select(['id', 'slug', 'name', 'locales', 'default_locale', 'timezone', 'home', 'bbox'])
    .orderBy('id')
    .limit(1);
  if (slug !== undefined) q = q.where('slug', '=', slug);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    locales: row.locales,
    defaultLocale: row.default_locale,
    timezone: row.timezone,
    home: row.home,
    bbox: row.bbox && row.bbox.length === 4 ? (row.bbox as Tenant['bbox']) : null,
  };
}

export async function countTenants(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom('tenant')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Resolves the tenant of a request, in this order:
 *
 *   1. an explicit slug (`?tenant=` of the request, or a body's tenant), passed as `slug`;
 *   2. the path prefix `/t/<slug>/…` of the request (the web app's API calls carry it);
 *   3. the request's host name, when a tenant has it (table tenant_host, `npm run tenant -- hosts`);
 *   4. DEFAULT_TENANT, else the first tenant created.
 *
 * 2 and 3 come from the request's hint (./context.ts), so every route's
 * `deps.tenants.resolve(q.tenant)` follows them. An unknown slug (1 or 2) is a 404 naming it; an
 * unknown host falls through to the default. Tenants and hosts change rarely: a few seconds of
 * caching keeps queries off every request without holding any per-user state; `invalidate()`
 * (called by the hosts command's hand-off) clears it at once in this process, others follow
 * within the TTL.
 */
export class TenantResolver {
  private cache = new Map<string, { tenant: Tenant; at: number }>();
  private hosts: { byHost: Map<string, string>; at: number } | undefined;
  constructor(
    private db: Kysely<DB>,
    private defaultSlug: string | undefined,
    private ttlMs = 10_000,
  ) {}

  async resolve(slug: string | undefined): Promise<Tenant> {
    if (slug !== undefined) return this.bySlug(slug);
    const hint = tenantHint();
    if (hint?.prefix) return this.bySlug(hint.prefix, ` (in the path /t/${hint.prefix}/)`);
    const byHost = await this.byHost(hint?.host);
    return byHost ?? this.defaultTenant();
  }

  /** the tenant named by the request's prefix or host (not the default), or undefined */
  async contextTenant(): Promise<Tenant | undefined> {
    const hint = tenantHint();
    if (hint?.prefix) return this.bySlug(hint.prefix).catch(() => undefined);
    return this.byHost(hint?.host);
  }

  /** DEFAULT_TENANT, else the first tenant */
  async defaultTenant(): Promise<Tenant> {
    return this.cached(
      this.defaultSlug === undefined ? '' : `slug:${this.defaultSlug}`,
      this.defaultSlug,
      () =>
        notFound(
          this.defaultSlug
            ? `Unknown tenant ${JSON.stringify(this.defaultSlug)} (DEFAULT_TENANT)`
            : 'No tenant has been set up yet',
        ),
    );
  }

  /** the tenant whose host name is `host`, or undefined */
  async byHost(host: string | undefined): Promise<Tenant | undefined> {
    if (!host) return undefined;
    if (!this.hosts || Date.now() - this.hosts.at >= this.ttlMs) {
      const rows = await this.db
        .selectFrom('tenant_host')
        .innerJoin('tenant', 'tenant.id', 'tenant_host.tenant_id')
        .select(['tenant_host.host', 'tenant.slug'])
        .execute();
      this.hosts = { byHost: new Map(rows.map((r) => [r.host, r.slug])), at: Date.now() };
    }
    const slug = this.hosts.byHost.get(host);
    return slug === undefined ? undefined : this.bySlug(slug).catch(() => undefined);
  }

  private bySlug(slug: string, where = ''): Promise<Tenant> {
    return this.cached(`slug:${slug}`, slug, () =>
      notFound(`Unknown tenant ${JSON.stringify(slug)}${where}`),
    );
  }

  private async cached(key: string, slug: string | undefined, missing: () => Error): Promise<Tenant> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await findTenant(this.db, slug);
    if (!tenant) throw missing();
    this.cache.set(key, { tenant, at: Date.now() });
    return tenant;
  }

  invalidate(): void {
    this.cache.clear();
    this.hosts = undefined;
  }
}

/** The text of `texts` in `lang`, else in the tenant's default, else any; with the language used. */
export function pickText(texts: LocalizedText | null | undefined, lang: string, fallback: string) {
  if (!texts) return { text: '', lang: fallback };
  for (const l of [lang, fallback]) {
    const t = texts[l];
    if (t) return { text: t, lang: l };
  }
  const first = Object.entries(texts)[0];
  return first ? { text: first[1], lang: first[0] } : { text: '', lang: fallback };
}
