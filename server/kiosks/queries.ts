/**
 * Kiosk configurations. Every community centre has a kiosk out of the box, at the slug of its
 * name ("Kestrel Rise Community Centre" → /kiosk/kestrel-rise-community-centre) with the defaults
 * below; an admin can configure it, or add kiosks under other slugs, through the admin API.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, KioskTable } from '../db/schema.ts';
import { KIOSK_DEFAULTS, KIOSK_LANGUAGES } from './options.ts';

/** what an admin sets for a kiosk, besides the centre it stands in */
export type KioskSettings = Pick<
  Selectable<KioskTable>,
  'default_language' | 'languages' | 'idle_seconds' | 'layers' | 'radius_m' | 'printer'
>;

/** the community centre a kiosk stands in: "you are here" */
export interface KioskCentre {
  id: string;
  name: string;
  names: Record<string, string>;
  address: string | null;
  opening_hours: string | null;
  lon: number;
  lat: number;
}

export interface KioskConfig extends KioskSettings {
  slug: string;
  /** false for a centre's default kiosk that no admin has configured yet */
  configured: boolean;
  centre: KioskCentre;
}

export interface KioskInput extends KioskSettings {
  /** the centre's id or the slug of its name */
  centre: string;
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

async function centres(db: Kysely<DB>, tenantId: number, placeId?: string): Promise<KioskCentre[]> {
  const { rows } = await sql<KioskCentre>`
    SELECT id, name, names, address, opening_hours, ST_X(anchor) AS lon, ST_Y(anchor) AS lat
    FROM place WHERE tenant_id = ${tenantId} AND ${placeId ? sql`id = ${placeId}::uuid` : sql`kind = 'community_centre' AND status = 'published'`}
    ORDER BY name`.execute(db);
  return rows.map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }));
}

/** all six languages by default: a visitor may read none of the town's own */
function defaults(tenant: { defaultLocale: string }) {
  return {
    default_language: (KIOSK_LANGUAGES as readonly string[]).includes(tenant.defaultLocale)
      ? tenant.defaultLocale
      : 'en',
    languages: [...KIOSK_LANGUAGES],
  };
}

/** every kiosk of the tenant: the configured ones, and one per community centre that has none */
export async function listKiosks(
  db: Kysely<DB>,
  tenant: { id: number; defaultLocale: string },
): Promise<KioskConfig[]> {
  const configured = await db
    .selectFrom('kiosk')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .orderBy('slug')
    .execute();
  const all = await centres(db, tenant.id);
  const byId = new Map(all.map((c) => [c.id, c]));
  const out: KioskConfig[] = [];
  for (const k of configured) {
    const c = byId.get(k.place_id) ?? (await centres(db, tenant.id, k.place_id))[0];
    if (c) out.push(fromRow(k, c));
  }
  const taken = new Set(out.map((k) => k.slug));
  for (const c of all) {
    const slug = slugify(c.name);
    if (!slug || taken.has(slug)) continue;
    taken.add(slug);
    out.push({ slug, configured: false, ...defaults(tenant), ...KIOSK_DEFAULTS, centre: c });
  }
  return out;
}

export async function findKiosk(
  db: Kysely<DB>,
  tenant: { id: number; defaultLocale: string },
  slug: string,
): Promise<KioskConfig | undefined> {
  const k = await db
    .selectFrom('kiosk')
    .selectAll()
    .where('tenant_id', '=', tenant.id)
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (k) {
    const c = (await centres(db, tenant.id, k.place_id))[0];
    return c ? fromRow(k, c) : undefined;
  }
  return (await listKiosks(db, tenant)).find((x) => x.slug === slug);
}

function fromRow(k: Selectable<KioskTable>, c: KioskCentre): KioskConfig {
  return {
    slug: k.slug,
    configured: true,
    default_language: k.default_language,
    languages: k.languages,
    idle_seconds: k.idle_seconds,
    layers: k.layers,
    radius_m: k.radius_m,
    printer: k.printer,
    centre: c,
  };
}

/** the community centre a kiosk stands in, by id or by the slug of its name */
export async function resolveCentre(
  db: Kysely<DB>,
  tenantId: number,
  ref: string,
): Promise<KioskCentre | undefined> {
  const all = await centres(db, tenantId);
  return all.find((c) => c.id === ref || slugify(c.name) === ref);
}

export async function saveKiosk(
  db: Kysely<DB>,
  tenantId: number,
  slug: string,
  placeId: string,
  k: Omit<KioskInput, 'centre'>,
): Promise<void> {
  await sql`
    INSERT INTO kiosk (tenant_id, slug, place_id, default_language, languages, idle_seconds, layers, radius_m, printer)
    VALUES (${tenantId}, ${slug}, ${placeId}::uuid, ${k.default_language}, ${k.languages}::text[], ${k.idle_seconds}, ${k.layers}::text[],
      ${k.radius_m}, ${k.printer})
    ON CONFLICT (tenant_id, slug) DO UPDATE SET place_id = excluded.place_id, default_language = excluded.default_language,
      languages = excluded.languages, idle_seconds = excluded.idle_seconds, layers = excluded.layers,
      radius_m = excluded.radius_m, printer = excluded.printer, updated_at = now()`.execute(db);
}

export async function deleteKiosk(db: Kysely<DB>, tenantId: number, slug: string): Promise<boolean> {
  const r = await db
    .deleteFrom('kiosk')
    .where('tenant_id', '=', tenantId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
