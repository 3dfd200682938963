/** Tenants (municipalities): lookup by slug, or the default one. */
import type { Kysely } from 'kysely';
import type { DB, LocalizedText } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';

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
 * Resolves the tenant of a request. Tenants change rarely (an admin edit); a few seconds of
 * caching keeps one query off every request without holding any per-user state.
 */
export class TenantResolver {
  private cache = new Map<string, { tenant: Tenant; at: number }>();
  constructor(
    private db: Kysely<DB>,
    private defaultSlug: string | undefined,
    private ttlMs = 10_000,
  ) {}

  async resolve(slug: string | undefined): Promise<Tenant> {
    const key = slug ?? this.defaultSlug ?? '';
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.tenant;
    const tenant = await findTenant(this.db, slug ?? this.defaultSlug);
    if (!tenant)
      throw notFound(slug ? `Unknown tenant ${JSON.stringify(slug)}` : 'No tenant has been set up yet');
    this.cache.set(key, { tenant, at: Date.now() });
    return tenant;
  }

  invalidate(): void {
    this.cache.clear();
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
