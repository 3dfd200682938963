/** Formatting of distances and dates for display, in the interface's locale. */
import { type Clock, clockFields, clockOf } from '../server/settings/clock.ts';

export function formatDistance(m: number, locale = 'en'): string {
  if (m < 1000)
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(m / 10) * 10)} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(m / 1000)} km`;
}

export type { Clock };

let tenantClock: Clock | null = null;
/**
 * the tenant's own choice of clock (its settings; null: the custom of the language and the
 * place), set once the tenant's config is known: every time on the page follows it
 */
export function setTenantClock(clock: Clock | null | undefined): void {
  tenantClock = clock ?? null;
}

/** the clock of a time read in `locale` in a town in `timeZone` (server/settings/clock.ts) */
export function clockFor(locale: string, timeZone: string, clock: Clock | null = tenantClock): Clock {
  return clockOf(locale, timeZone, clock);
}

/** the hour and minute fields of a time in `locale` in a town in `timeZone`, with its clock */
export function timeFields(locale: string, timeZone: string): Intl.DateTimeFormatOptions {
  return clockFields(locale, timeZone, tenantClock);
}

/** a time of day alone ("15:00", "3:00 PM"), in the town's zone */
export function formatClock(iso: string | Date, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, timeFields(locale, timeZone)).format(
    typeof iso === 'string' ? new Date(iso) : iso,
  );
}

/**
 * An ISO time with offset, shown in the town's zone (where the activity happens). The time range
 * is isolated left to right (LRI…PDI): in a right-to-left page "10:00–12:00" would otherwise be
 * drawn "12:00–10:00".
 */
export function formatOccurrence(start: string, end: string, timeZone: string, locale = 'en'): string {
  const s = new Date(start);
  const e = new Date(end);
  const day = new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone,
  }).format(s);
  const t = new Intl.DateTimeFormat(locale, timeFields(locale, timeZone));
  return `${day}, \u2066${t.format(s)}–${t.format(e)}\u2069`;
}

export function formatShort(start: string, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...timeFields(locale, timeZone),
  }).format(new Date(start));
}

export function formatTime(iso: string, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', ...timeFields(locale, timeZone) }).format(
    new Date(iso),
  );
}

/** a weekday and a time ("Tuesday 15:00"), the kiosk's list */
export function formatWeekdayTime(iso: string, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', ...timeFields(locale, timeZone) }).format(
    new Date(iso),
  );
}

/**
 * An amount of money in the reader's language (the one format of every amount: costs, grants,
 * calls' budgets and submissions, on the web, the kiosk and the leaflet), e.g. "€2", "2 €",
 * "€1,500.50", "1 500,50 €": the currency's own sign where it has one (never "2 EUR"), cents
 * only when there are some.
 */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      maximumFractionDigits: digits,
      minimumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** what an activity costs: "Free", an amount, a note, or both ("€2 · members free") */
export function formatCost(
  cost:
    | { free?: boolean; amount?: number | null; currency?: string | null; note?: string | null }
    | null
    | undefined,
  locale: string,
  freeLabel: string,
): string | null {
  if (!cost) return null;
  if (cost.free) return freeLabel;
  const parts = [
    typeof cost.amount === 'number' ? formatMoney(cost.amount, cost.currency || 'EUR', locale) : '',
    cost.note ?? '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

/** a calendar date YYYY-MM-DD (a grant's deadline) in the reader's language, e.g. "12 March 2027" */
export function formatDay(day: string, locale = 'en'): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

/** isolates a value inside a sentence (FSI…PDI), so that a number or a date keeps its order in Hebrew */
export const isolate = (v: string) => `\u2068${v}\u2069`;

/** Straight-line distance in metres (haversine). */
export function haversine(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** minutes on foot for a straight-line distance: 4.5 km/h with a 1.3 detour factor */
export const walkMinutes = (m: number) => Math.max(1, Math.round((m * 1.3) / 75));
