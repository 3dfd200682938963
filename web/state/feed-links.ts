/**
 * Links that bring a view to the resident: its calendar feed (webcal:// and https), its Atom feed,
 * and the printable leaflet of its neighbourhood. The feeds take the same filters as the list.
 */
import { apiQuery, EMPTY_FILTERS, type Filters, writeView } from './filters.ts';
import { appUrl } from './tenant.ts';

export interface FeedLinks {
  calendar: string;
  webcal: string;
  atom: string;
}

/** the query of the view's feeds: its filters, its point and radius, the tenant and the language */
export function feedQuery(
  f: Filters,
  o: { tenant: string; lang: string; point: [number, number] | null; radius: number },
): string {
  return apiQuery(f, {
    tenant: o.tenant,
    lang: o.lang,
    ...(o.point
      ? { lon: o.point[0].toFixed(6), lat: o.point[1].toFixed(6), radius_m: String(o.radius) }
      : {}),
  });
}

export function feedLinks(origin: string, query: string): FeedLinks {
  const calendar = `${origin}/api/feeds/calendar.ics?${query}`;
  return {
    calendar,
    webcal: calendar.replace(/^https?:/, 'webcal:'),
    atom: `${origin}/api/feeds/atom.xml?${query}`,
  };
}

/**
 * The app's URL of a neighbourhood's week for an audience (what the leaflet's "and N more" opens):
 * `/?lang=…&area=…&aud=…&when=week`, in the parameters of state/filters.ts.
 */
export function weekOfAreaLink(
  origin: string,
  o: { area: string; audience: string | null; lang: string },
): string {
  const filters = {
    ...EMPTY_FILTERS,
    area: o.area,
    audiences: o.audience ? [o.audience] : [],
    when: 'week' as const,
  };
  return `${origin}/${writeView({ filters, point: null, item: null, hidden: [] }, o.lang)}`;
}

/** the leaflet of a neighbourhood for the view's first audience, in the interface's language */
export function leafletLink(area: string, audiences: string[], lang: string): string {
  const p = new URLSearchParams({ area });
  if (audiences[0]) p.set('audience', audiences[0]);
  p.set('lang', lang);
  return appUrl(`/leaflet?${p.toString()}`);
}

type Ring = number[][];
function inRing(pt: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > pt[1] !== yj > pt[1] && pt[0] < ((xj - xi) * (pt[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
const inPolygon = (pt: [number, number], rings: Ring[]) =>
  !!rings[0] && inRing(pt, rings[0]) && !rings.slice(1).some((hole) => inRing(pt, hole));

/** the neighbourhood (of those given) that holds the point, or null */
export function areaAt(
  features: GeoJSON.Feature[],
  pt: [number, number],
): { id: string; name: string } | null {
  for (const f of features) {
    const g = f.geometry;
    const polygons =
      g?.type === 'Polygon' ? [g.coordinates] : g?.type === 'MultiPolygon' ? g.coordinates : [];
    if (polygons.some((rings) => inPolygon(pt, rings))) {
      return { id: String(f.id ?? f.properties?.id ?? ''), name: String(f.properties?.name ?? '') };
    }
  }
  return null;
}
