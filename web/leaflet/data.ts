/**
 * What a leaflet shows: this week's activities of one area (and audience) from
 * GET /api/opportunities (the shared "what's on" filters), each completed with its details
 * (GET /api/opportunities/{id}: place, address, registration, phone, the week's other dates),
 * fetched a few at a time, and a QR code of its link in the app.
 */
import { api, type OpportunityDetail, type Occurrence, type SearchItem } from '../api.ts';
import { MAX_CARDS } from './fit.ts';

/** details are fetched this many at a time: a leaflet of 60 activities does not fire 60 requests at once */
export const DETAIL_CONCURRENCY = 4;
/** each activity lists at most this many of its dates this week, then "and N more times" */
export const MAX_TIMES = 3;
/** the next dates asked of each activity's details (enough for a daily one's week) */
const OCCURRENCES = 8;

export interface LeafletEntry {
  item: SearchItem;
  detail: OpportunityDetail | null;
  /** its dates in the week, soonest first (at least the list's `next`) */
  times: Occurrence[];
  url: string;
  qr: string;
}

export interface LeafletData {
  total: number;
  entries: LeafletEntry[];
}

export interface LeafletQuery {
  area: string;
  audience: string | null;
}

/** runs `work` over `items` with at most `limit` under way at once, keeping the order */
export async function mapBounded<T, R>(items: T[], limit: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** the calendar day (YYYY-MM-DD) of an instant in the town's zone */
function dayIn(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);
}

/**
 * The week's dates of one activity: from its details' next dates, those before the end of the
 * window `when=week` uses (now to the end of the 7th day after today, in the town's zone).
 */
export function weekTimes(
  item: SearchItem,
  detail: OpportunityDetail | null,
  now: Date,
  timeZone: string,
): Occurrence[] {
  const last = dayIn(new Date(now.getTime() + 6 * 86_400_000), timeZone);
  const fromDetail = (detail?.next_occurrences ?? []).filter(
    (o) => new Date(o.end).getTime() > now.getTime() && dayIn(new Date(o.start), timeZone) <= last,
  );
  if (fromDetail.length) return fromDetail;
  return item.next ? [item.next] : [];
}

export function itemUrl(origin: string, id: string, lang: string): string {
  return `${origin}/?item=programs:${encodeURIComponent(id)}&lang=${encodeURIComponent(lang)}`;
}

export async function qrSvg(url: string): Promise<string> {
  const q = await import('qrcode');
  return q.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

export async function loadLeaflet(
  query: LeafletQuery,
  ctx: { origin: string; lang: string; timeZone: string; now: Date },
  signal: AbortSignal,
): Promise<LeafletData> {
  const params = new URLSearchParams({ area: query.area, when: 'week', sort: 'next', limit: '500' });
  if (query.audience) params.set('audience', query.audience);
  const list = await api.search(params.toString(), signal);
  // only the soonest that two pages could hold are completed: the rest are counted in "and N more"
  const entries = await mapBounded(
    list.items.slice(0, MAX_CARDS),
    DETAIL_CONCURRENCY,
    async (item): Promise<LeafletEntry> => {
      // an activity whose details fail still prints with what the list knows of it
      const detail = await api.opportunity(item.id, signal, OCCURRENCES).catch((e: unknown) => {
        if (signal.aborted) throw e;
        return null;
      });
      const url = itemUrl(ctx.origin, item.id, ctx.lang);
      return {
        item,
        detail,
        times: weekTimes(item, detail, ctx.now, ctx.timeZone),
        url,
        qr: await qrSvg(url),
      };
    },
  );
  return { total: list.total, entries };
}
