/** Formatting of distances and dates for display, in the interface's locale. */
export function formatDistance(m: number, locale = 'en'): string {
  if (m < 1000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.round(m / 10) * 10)} m`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(m / 1000)} km`;
}

/**
 * An ISO time with offset, shown in the town's zone (where the activity happens). The time range
 * is isolated left to right (LRI…PDI): in a right-to-left page "10:00–12:00" would otherwise be
 * drawn "12:00–10:00".
 */
export function formatOccurrence(start: string, end: string, timeZone: string, locale = 'en'): string {
  const s = new Date(start);
  const e = new Date(end);
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(s);
  const t = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  return `${day}, \u2066${t.format(s)}–${t.format(e)}\u2069`;
}

export function formatShort(start: string, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(start));
}

export function formatTime(iso: string, timeZone: string, locale = 'en'): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
}

/**
 * An amount of money in the reader's language (the one format of every amount: costs, grants,
 * calls' budgets and submissions), e.g. "€1,500.00", "1 500,00 €", "‏1,500.00 €".
 */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      maximumFractionDigits: Number.isInteger(amount) ? 0 : 2,
      minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** a calendar date YYYY-MM-DD (a grant's deadline) in the reader's language, e.g. "12 March 2027" */
export function formatDay(day: string, locale = 'en'): string {
  const d = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
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
