/**
 * Which clock a time is read with: the tenant's own setting (tenant_setting.clock) when it has
 * one, else the custom of the reader's language and the town's place. One rule for every page,
 * feed and e-mail (the resident app, the kiosk, the leaflet, the back office, the Atom feed and
 * the digests), so "15:00" on the map is never "03:00 PM" in the e-mail about it.
 */

/** a 12-hour ("3:00 PM") or a 24-hour ("15:00") clock */
export type Clock = '12h' | '24h';

// where English is read with a 12-hour clock: North America, Australia, New Zealand, South Asia,
// the Philippines; everywhere else (a European town) an English reader sees 15:00, as the signs do
const TWELVE_HOUR_ZONES =
  /^(America|Australia|Pacific\/Auckland|Asia\/(Kolkata|Calcutta|Karachi|Dhaka|Manila))(\/|$)/;

/**
 * the clock of a time read in `locale` in a town in `timeZone`: the tenant's setting when it
 * has one; else 24-hour in French, Hebrew, Polish, Ukrainian and Russian, and in English where
 * the town keeps a 24-hour clock (not "03:00 PM" in a European town)
 */
export function clockOf(locale: string, timeZone: string, setting: Clock | null | undefined): Clock {
  if (setting) return setting;
  const lang = locale.slice(0, 2).toLowerCase();
  if (lang !== 'en') return '24h';
  return TWELVE_HOUR_ZONES.test(timeZone) ? '12h' : '24h';
}

/** the hour and minute fields of Intl.DateTimeFormat for that clock, in the town's zone */
export function clockFields(
  locale: string,
  timeZone: string,
  setting: Clock | null | undefined,
): Intl.DateTimeFormatOptions {
  return {
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: clockOf(locale, timeZone, setting) === '12h' ? 'h12' : 'h23',
    timeZone,
  };
}
