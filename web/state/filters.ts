/**
 * Everything the resident chose — filters, the chosen point, the open item, hidden layers — lives
 * in the URL, so any view can be shared or bookmarked. This module reads and writes it.
 *
 * The parameters: `lang`, `area` (a neighbourhood's id), `cat`, `aud`, `lng` (comma lists),
 * `when`, `from`, `to`, `tod` (times of day: morning,afternoon,evening), `age` (a person's age in
 * years), `free=1`, `wc=1`, `now=1`, `r` (metres), `near=lon,lat`,
 * `item=layer:id`, `off` (hidden layers). E.g. the leaflet's "and N more" opens
 * `/?area=<id>&aud=seniors&when=week&lang=he`.
 */
import type { LayerId } from '../api.ts';

export const WHEN = ['today', 'tomorrow', 'weekend', 'week', 'evenings'] as const;
export type When = (typeof WHEN)[number];
/** times of day, by the local hour an activity starts (server/opportunities/windows.ts) */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];
export const MAX_AGE = 120;

export interface Filters {
  /** a neighbourhood (or zone) by its id: only what lies in it */
  area: string | null;
  categories: string[];
  audiences: string[];
  languages: string[];
  when: When | null;
  from: string | null;
  to: string | null;
  /** only what starts at these times of day (none: any time) */
  timeOfDay: TimeOfDay[];
  /** only what suits a person of this age */
  age: number | null;
  free: boolean;
  wheelchair: boolean;
  now: boolean;
  radius: number | null;
}

export interface ViewState {
  filters: Filters;
  point: [number, number] | null;
  item: { layer: LayerId; id: string } | null;
  hidden: LayerId[];
}

export const EMPTY_FILTERS: Filters = {
  area: null,
  categories: [],
  audiences: [],
  languages: [],
  when: null,
  from: null,
  to: null,
  timeOfDay: [],
  age: null,
  free: false,
  wheelchair: false,
  now: false,
  radius: null,
};

const list = (v: string | null) => (v ? v.split(',').filter(Boolean) : []);
const LAYERS: LayerId[] = ['parks', 'gardens', 'centres', 'programs', 'degraded-zones', 'neighbourhoods'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** an area's id is a UUID (anything else would only earn a 400 from the API) */
const AREA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readView(search: string): ViewState {
  const p = new URLSearchParams(search);
  const when = p.get('when');
  const point = p.get('near')?.split(',').map(Number);
  const item = p.get('item')?.split(':');
  const radius = Number(p.get('r'));
  const area = p.get('area');
  const age = p.get('age');
  return {
    filters: {
      area: area && AREA_ID.test(area) ? area.toLowerCase() : null,
      categories: list(p.get('cat')),
      audiences: list(p.get('aud')),
      languages: list(p.get('lng')),
      when: (WHEN as readonly string[]).includes(when ?? '') ? (when as When) : null,
      from: DATE.test(p.get('from') ?? '') ? p.get('from') : null,
      to: DATE.test(p.get('to') ?? '') ? p.get('to') : null,
      timeOfDay: TIMES_OF_DAY.filter((t) => list(p.get('tod')).includes(t)),
      age: age !== null && /^\d{1,3}$/.test(age) && Number(age) <= MAX_AGE ? Number(age) : null,
      free: p.get('free') === '1',
      wheelchair: p.get('wc') === '1',
      now: p.get('now') === '1',
      radius: Number.isFinite(radius) && radius > 0 ? radius : null,
    },
    point: point?.length === 2 && point.every(Number.isFinite) ? [point[0] as number, point[1] as number] : null,
    // a need (issue 13) may be opened from a link too, though its layer is not a hideable one
    item: item?.length === 2 && [...LAYERS, 'needs'].includes(item[0] as LayerId) ? { layer: item[0] as LayerId, id: item[1] as string } : null,
    hidden: list(p.get('off')).filter((l): l is LayerId => LAYERS.includes(l as LayerId)),
  };
}

/** the query string of a view; `lang` is written when given */
export function writeView(v: ViewState, lang: string | null = null): string {
  const p = new URLSearchParams();
  if (lang) p.set('lang', lang);
  const f = v.filters;
  if (f.area) p.set('area', f.area);
  if (f.categories.length) p.set('cat', f.categories.join(','));
  if (f.audiences.length) p.set('aud', f.audiences.join(','));
  if (f.languages.length) p.set('lng', f.languages.join(','));
  if (f.when) p.set('when', f.when);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.timeOfDay.length) p.set('tod', f.timeOfDay.join(','));
  if (f.age !== null) p.set('age', String(f.age));
  if (f.free) p.set('free', '1');
  if (f.wheelchair) p.set('wc', '1');
  if (f.now) p.set('now', '1');
  if (f.radius) p.set('r', String(f.radius));
  if (v.point) p.set('near', v.point.map((x) => x.toFixed(5)).join(','));
  if (v.item) p.set('item', `${v.item.layer}:${v.item.id}`);
  if (v.hidden.length) p.set('off', v.hidden.join(','));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** the query string of /api/opportunities for these filters */
export function apiQuery(f: Filters, extra: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  if (f.area) p.set('area', f.area);
  if (f.categories.length) p.set('category', f.categories.join(','));
  if (f.audiences.length) p.set('audience', f.audiences.join(','));
  if (f.languages.length) p.set('language', f.languages.join(','));
  if (f.when) p.set('when', f.when);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.timeOfDay.length) p.set('time_of_day', f.timeOfDay.join(','));
  if (f.age !== null) p.set('age', String(f.age));
  if (f.free) p.set('free', 'true');
  if (f.wheelchair) p.set('wheelchair', 'true');
  if (f.now) p.set('now', 'true');
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, v);
  return p.toString();
}

export const activeFilterCount = (f: Filters) =>
  Number(f.area !== null) + f.categories.length + f.audiences.length + f.languages.length + (f.when ? 1 : 0) + (f.from || f.to ? 1 : 0) + f.timeOfDay.length + Number(f.age !== null) + Number(f.free) + Number(f.wheelchair) + Number(f.now) + (f.radius ? 1 : 0);

/** the audiences the resident said they are, remembered on this device */
const PREFER = 'cm.audiences';
export function readPreference(): string[] | null {
  try {
    const v = window.localStorage.getItem(PREFER);
    return v === null ? null : (JSON.parse(v) as string[]);
  } catch {
    return null;
  }
}
export function writePreference(audiences: string[]) {
  try {
    window.localStorage.setItem(PREFER, JSON.stringify(audiences));
  } catch {
    // private mode
  }
}
