/**
 * A tenant's settings as the back office edits them: from the tenant row (names per language,
 * languages offered and the default one, time zone, home view) and from tenant_setting
 * (migration 0013: contact address, the digests' weekday and hour — null: the install-wide
 * DIGEST_WEEKDAY / DIGEST_HOUR). Every statement names the tenant.
 */
import type { Executor } from '../accounts/queries.ts';
import type { LocalizedText } from '../db/schema.ts';

export interface TenantSettings {
  slug: string;
  names: LocalizedText;
  locales: string[];
  default_locale: string;
  timezone: string;
  home: { center: [number, number]; zoom: number };
  contact_email: string | null;
  digest: { weekday: number | null; hour: number | null };
  /** '12h' | '24h' forces the clock of the town's pages; null: the custom of the language and town */
  clock: '12h' | '24h' | null;
}

export async function readSettings(db: Executor, tenantId: number): Promise<TenantSettings | undefined> {
  const row = await db
    .selectFrom('tenant as t')
    .leftJoin('tenant_setting as s', 's.tenant_id', 't.id')
    .select([
      't.slug',
      't.name',
      't.locales',
      't.default_locale',
      't.timezone',
      't.home',
      's.contact_email',
      's.digest_weekday',
      's.digest_hour',
      's.clock',
    ])
    .where('t.id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    slug: row.slug,
    names: row.name,
    locales: row.locales,
    default_locale: row.default_locale,
    timezone: row.timezone,
    home: row.home,
    contact_email: row.contact_email ?? null,
    digest: { weekday: row.digest_weekday ?? null, hour: row.digest_hour ?? null },
    clock: row.clock ?? null,
  };
}

export async function writeSettings(
  db: Executor,
  tenantId: number,
  s: Omit<TenantSettings, 'slug'>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('tenant')
    .set({
      name: JSON.stringify(s.names),
      locales: s.locales,
      default_locale: s.default_locale,
      timezone: s.timezone,
      home: JSON.stringify(s.home),
    })
    .where('id', '=', tenantId)
    .execute();
  const values = {
    contact_email: s.contact_email,
    digest_weekday: s.digest.weekday,
    digest_hour: s.digest.hour,
    clock: s.clock,
    updated_at: at,
  };
  await db
    .insertInto('tenant_setting')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}

/** each tenant's digest schedule where it has its own (the install-wide one applies to the rest) */
export async function digestSchedules(
  db: Executor,
): Promise<Map<number, { weekday: number | null; hour: number | null }>> {
  const rows = await db
    .selectFrom('tenant_setting')
    .select(['tenant_id', 'digest_weekday', 'digest_hour'])
    .execute();
  return new Map(rows.map((r) => [r.tenant_id, { weekday: r.digest_weekday, hour: r.digest_hour }]));
}

/** the tenant's own clock, null where it has none (the web app then follows the language's custom) */
export async function tenantClock(db: Executor, tenantId: number): Promise<'12h' | '24h' | null> {
  const row = await db.selectFrom('tenant_setting').select('clock').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.clock ?? null;
}
