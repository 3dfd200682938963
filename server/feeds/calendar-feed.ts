/** The calendar (RFC 5545) of a feed view: every item's schedules, written by opportunities/calendar.ts. */
import { buildCalendar, type CalendarEvent } from '../opportunities/calendar.ts';
import { schedulesOf } from '../opportunities/search.ts';
import { pickText } from '../tenants/queries.ts';
import { phrase } from './labels.ts';
import type { FeedView } from './view.ts';

/** SEQUENCE counts seconds of updated time since this instant: a change of the row raises it */
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1);
export const sequenceOf = (updated: Date) =>
  Math.max(0, Math.floor((updated.getTime() - SEQUENCE_EPOCH) / 1000));

/** subscribers fetch the calendar again after this many hours */
export const CALENDAR_REFRESH_HOURS = 6;

export function calendarOfView(view: FeedView, base: string, now = new Date()): string {
  const { tenant, lang } = view;
  const items = view.items.flatMap(({ item, row }) => {
    const schedules = schedulesOf(row, tenant.timezone);
    if (!schedules.length) return [];
    const place = pickText(row.place_names, lang, tenant.defaultLocale).text || row.place_name;
    const event: CalendarEvent = {
      uid: `${row.id}@commons-map`,
      title: item.name,
      description: Object.keys(row.description ?? {}).length
        ? pickText(row.description, lang, tenant.defaultLocale).text
        : null,
      location: [place, row.place_address].filter(Boolean).join(', ') || null,
      url: `${base}/?item=programs:${row.id}`,
      lon: Number(row.lon),
      lat: Number(row.lat),
      sequence: sequenceOf(row.updated_at),
      lastModified: row.updated_at,
      categories: row.categories,
    };
    return [{ event, schedules }];
  });
  return buildCalendar(
    {
      name: view.name,
      description: phrase('subtitle', lang),
      timezone: tenant.timezone,
      refreshHours: CALENDAR_REFRESH_HOURS,
    },
    items,
    now,
  );
}
