/**
 * A feed's view: the "what's on" filters of the request answered by searchOpportunities (at most
 * MAX_FEED_ITEMS items), with a default window for a subscription when the filters name none,
 * the stored rows of the items and the view's name in the reader's language.
 */

import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { type Filters, filterShape, toSearchQuery } from '../opportunities/filters.ts';
import { toWall } from '../opportunities/occurrences.ts';
import { areaName, type SearchItem, searchOpportunities } from '../opportunities/search.ts';
import type { Window } from '../opportunities/windows.ts';
import type { Clock } from '../settings/clock.ts';
import { tenantClock } from '../settings/queries.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { viewName } from './labels.ts';
import { type FeedRow, feedRows } from './rows.ts';

/** a feed lists at most this many activities (the cap of searchOpportunities) */
export const MAX_FEED_ITEMS = 500;
/** without when, from or to, a feed covers today and the following DEFAULT_DAYS - 1 days */
export const DEFAULT_DAYS = 56;

export const feedFilterShape = filterShape;

export interface FeedView {
  tenant: Tenant;
  lang: string;
  /** the tenant's clock setting (null: the custom of the language and the place) */
  clock: Clock | null;
  name: string;
  filters: Filters;
  window: Window | null | undefined;
  items: { item: SearchItem; row: FeedRow }[];
  total: number;
}

const isoDay = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** the filters with the default window filled in when they name none */
export function withDefaultWindow(
  f: Filters,
  now: number,
  tz: string,
): { filters: Filters; defaulted: boolean } {
  if (f.when || f.from || f.to) return { filters: f, defaulted: false };
  const today = toWall(now, tz);
  return {
    filters: { ...f, from: isoDay(today), to: isoDay(today + (DEFAULT_DAYS - 1) * 86_400_000) },
    defaulted: true,
  };
}

export async function feedView(
  deps: { db: Kysely<DB>; config: Config; tenants: { resolve(slug: string | undefined): Promise<Tenant> } },
  asked: Filters,
  now = Date.now(),
): Promise<FeedView> {
  const tenant = await deps.tenants.resolve(asked.tenant);
  const lang = asked.lang ?? tenant.defaultLocale;
  let area: string | null = null;
  if (asked.area) {
    area = await areaName(deps.db, tenant.id, asked.area, lang);
    if (!area) throw notFound(`No neighbourhood or zone with id ${asked.area}`);
  }
  const { filters, defaulted } = withDefaultWindow(asked, now, tenant.timezone);
  const query = toSearchQuery(filters, { tenant, config: deps.config, now, limit: MAX_FEED_ITEMS });
  const result = await searchOpportunities(deps.db, query);
  const rows = await feedRows(
    deps.db,
    tenant.id,
    result.items.map((i) => i.id),
  );
  return {
    tenant,
    lang,
    clock: await tenantClock(deps.db, tenant.id),
    filters,
    window: query.window,
    total: result.total,
    name: viewName(asked, {
      lang,
      tenantName: pickText(tenant.name, lang, tenant.defaultLocale).text || tenant.slug,
      areaName: area,
      defaultWindow: defaulted,
    }),
    items: result.items.flatMap((item) => {
      const row = rows.get(item.id);
      return row ? [{ item, row }] : [];
    }),
  };
}

/** the web app's URL parameters (web/state/filters.ts) for the same view */
export function appViewQuery(f: Filters): string {
  const p = new URLSearchParams();
  if (f.lang) p.set('lang', f.lang);
  if (f.area) p.set('area', f.area);
  if (f.category?.length) p.set('cat', f.category.join(','));
  if (f.audience?.length) p.set('aud', f.audience.join(','));
  if (f.language?.length) p.set('lng', f.language.join(','));
  if (f.when) p.set('when', f.when);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.free) p.set('free', '1');
  if (f.wheelchair) p.set('wc', '1');
  if (f.now) p.set('now', '1');
  if (f.radius_m) p.set('r', String(f.radius_m));
  if (f.lon !== undefined && f.lat !== undefined) p.set('near', `${f.lon.toFixed(5)},${f.lat.toFixed(5)}`);
  const s = p.toString();
  return s ? `?${s}` : '';
}
