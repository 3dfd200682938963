/**
 * One digest run: deletes what has expired, then sends each confirmed subscriber that is due
 * (or every confirmed subscriber with `force`, as `npm run digest -- --now` does) the activities
 * of its period that match its stored filters, soonest first.
 *
 * The period: weekly — `when=week` (now to the end of the seventh day); daily — today and
 * tomorrow. "New": an activity whose next date in the period starts after the end of the period
 * the previous digest covered (`covered_until`); a digest goes out only when at least one is new,
 * and then lists all of the period's activities. So a second run right after a first sends
 * nothing, and a weekly subscriber gets each week's activities once.
 *
 * No double sending when two processes run at once: each subscriber is sent inside its own
 * transaction holding its row (FOR UPDATE SKIP LOCKED), and `covered_until` is written in that
 * transaction; the other process skips the row, or finds nothing new once it is committed.
 */

import { type Kysely, sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { parseFilters, toSearchQuery } from '../opportunities/filters.ts';
import { type SearchItem, searchOpportunities } from '../opportunities/search.ts';
import type { Clock } from '../settings/clock.ts';
import { digestSchedules } from '../settings/queries.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText } from '../tenants/queries.ts';
import type { Mailer } from './mailer.ts';
import { digestMail } from './mails.ts';
import { addToken, type Frequency, purgeExpired, type SubscriptionRow } from './queries.ts';
import { lastSlot, localDate } from './schedule.ts';

export type DigestConfig = Pick<
  Config,
  | 'NEARBY_MAX_RADIUS_M'
  | 'NEARBY_DEFAULT_RADIUS_M'
  | 'PUBLIC_URL'
  | 'HOST'
  | 'PORT'
  | 'DIGEST_WEEKDAY'
  | 'DIGEST_HOUR'
>;

export interface DigestReport {
  /** digests sent */
  sent: number;
  /** due subscribers whose period had nothing new */
  nothingNew: number;
  /** subscribers whose mail could not be sent (tried again at the next run) */
  failed: number;
  /** unconfirmed subscriptions deleted after 7 days */
  expired: number;
}

export interface DigestOptions {
  config: DigestConfig;
  mailer: Mailer;
  log: Logger;
  now?: number;
  /** send to every confirmed subscriber now, whatever the schedule */
  force?: boolean;
}

interface TenantRow {
  id: number;
  slug: string;
  name: Record<string, string>;
  default_locale: string;
  timezone: string;
  clock: Clock | null;
}

export async function runDigests(db: Kysely<DB>, o: DigestOptions): Promise<DigestReport> {
  const now = o.now ?? Date.now();
  const purged = await purgeExpired(db, new Date(now));
  const report: DigestReport = { sent: 0, nothingNew: 0, failed: 0, expired: purged.pending };
  // with each tenant's clock setting, read once for all its subscribers' mails
  const tenants = await db
    .selectFrom('tenant')
    .leftJoin('tenant_setting', 'tenant_setting.tenant_id', 'tenant.id')
    .select([
      'tenant.id',
      'tenant.slug',
      'tenant.name',
      'tenant.default_locale',
      'tenant.timezone',
      'tenant_setting.clock',
    ])
    .execute();
  // a tenant's own weekday and hour (back office settings) win over the install-wide ones
  const own = await digestSchedules(db);
  for (const tenant of tenants as TenantRow[]) {
    const schedule = {
      weekday: own.get(tenant.id)?.weekday ?? o.config.DIGEST_WEEKDAY,
      hour: own.get(tenant.id)?.hour ?? o.config.DIGEST_HOUR,
    };
    for (const frequency of ['weekly', 'daily'] as const) {
      const slot = new Date(lastSlot(now, tenant.timezone, frequency, schedule));
      let q = db
        .selectFrom('subscription')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .where('frequency', '=', frequency)
        .where('confirmed_at', 'is not', null);
      if (!o.force) q = q.where(sql<Date>`COALESCE(last_sent_at, confirmed_at)`, '<', slot);
      for (const { id } of await q.orderBy('id').execute()) {
        try {
          const outcome = await sendOne(db, id, tenant, frequency, o, now, o.force ? null : slot);
          if (outcome === 'sent') report.sent += 1;
          else if (outcome === 'nothing-new') report.nothingNew += 1;
        } catch (err) {
          report.failed += 1;
          o.log.warn('digest not sent', { subscription: id, error: (err as Error).message });
        }
      }
    }
  }
  if (report.sent || report.failed || report.expired) o.log.info('digest run', { ...report });
  return report;
}

/** the stored filters with the period of the frequency; read back with the API's own rules */
export function digestFilters(
  config: DigestConfig,
  row: Pick<SubscriptionRow, 'filters' | 'language' | 'frequency'>,
  now: number,
  timezone: string,
) {
  const { when: _w, from: _f, to: _t, now: _n, sort: _s, tenant: _tenant, lang: _l, ...kept } = row.filters;
  const period: Record<string, string> =
    row.frequency === 'weekly'
      ? { when: 'week' }
      : { from: localDate(now, timezone), to: localDate(now + 86_400_000, timezone) };
  return parseFilters(config, { ...kept, ...period, lang: row.language, sort: 'next' });
}

async function sendOne(
  db: Kysely<DB>,
  id: string,
  tenant: TenantRow,
  frequency: Frequency,
  o: DigestOptions,
  now: number,
  slot: Date | null,
): Promise<'sent' | 'nothing-new' | 'skipped'> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('subscription')
      .selectAll()
      .where('id', '=', id)
      .where('confirmed_at', 'is not', null)
      .forUpdate()
      .skipLocked();
    if (slot) q = q.where(sql<Date>`COALESCE(last_sent_at, confirmed_at)`, '<', slot);
    const row = (await q.executeTakeFirst()) as SubscriptionRow | undefined;
    if (!row) return 'skipped'; // another process has it, or sent it meanwhile
    const filters = digestFilters(o.config, { ...row, frequency }, now, tenant.timezone);
    const query = toSearchQuery(filters, {
      tenant: { id: tenant.id, timezone: tenant.timezone, defaultLocale: tenant.default_locale },
      config: o.config,
      now,
      limit: 500,
    });
    const result = await searchOpportunities(trx, query);
    const items = result.items
      .filter((i): i is SearchItem & { next: NonNullable<SearchItem['next']> } => i.next !== null)
      .sort((a, b) => Date.parse(a.next.start) - Date.parse(b.next.start));
    const coveredUntil = row.covered_until ? row.covered_until.getTime() : Number.NEGATIVE_INFINITY;
    if (!items.some((i) => Date.parse(i.next.start) > coveredUntil)) return 'nothing-new';
    const manageToken = await addToken(trx, row.id, 'manage');
    const mail = digestMail({
      to: row.email,
      lang: row.language,
      tenantName: pickText(tenant.name, row.language, tenant.default_locale).text,
      timezone: tenant.timezone,
      clock: tenant.clock,
      frequency,
      items,
      base: await tenantLinkBase(trx, o.config, tenant),
      manageToken,
    });
    await trx
      .updateTable('subscription')
      .set({ last_sent_at: new Date(now), covered_until: new Date(query.window?.end ?? now) })
      .where('id', '=', row.id)
      .execute();
    // sent last: a failure rolls the token and the timestamps back, the next run tries again
    await o.mailer.send(mail);
    return 'sent';
  });
}
