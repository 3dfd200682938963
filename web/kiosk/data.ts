/**
 * What a kiosk reads, and how it knows it is offline. All of a kiosk's data comes from a few
 * fixed URLs (its configuration, the next two weeks of activities around it, its layers in a fixed
 * box, each activity's detail), so the service worker's copy answers every one of them when the
 * network is gone. An answer marked `x-cm-offline` came from that copy.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { KioskConfig } from '../../server/kiosks/queries.ts';
import type { FeatureProps, OpportunityDetail, SearchItem } from '../api.ts';
import { apiUrl, appUrl } from '../state/tenant.ts';

export type { KioskConfig };

export type Listener = (offline: boolean) => void;
const listeners = new Set<Listener>();
export function onNetworkState(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' } });
  } catch (e) {
    if (!signal?.aborted) for (const l of listeners) l(true);
    throw e;
  }
  const offline = res.headers.get('x-cm-offline') === '1';
  for (const l of listeners) l(offline);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${res.status} ${res.statusText}`);
  }
  return (await res.json()) as T;
}

/** the kiosk's area: a fixed box around the centre, so its URL (and cached copy) never changes */
export function areaBox(c: KioskConfig): [number, number, number, number] {
  const dLat = c.radius_m / 111_320;
  const dLon = c.radius_m / (111_320 * Math.cos((c.centre.lat * Math.PI) / 180));
  const r = (v: number) => Number(v.toFixed(4));
  return [r(c.centre.lon - dLon), r(c.centre.lat - dLat), r(c.centre.lon + dLon), r(c.centre.lat + dLat)];
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const kioskUrls = {
  config: (slug: string) => apiUrl(`/api/kiosks/${encodeURIComponent(slug)}`),
  /** the next two weeks around the centre, in one answer: every filter works on it offline */
  activities: (c: KioskConfig, lang: string, today: Date) => {
    const to = new Date(today.getTime() + 13 * 86_400_000);
    return apiUrl(`/api/opportunities?lon=${c.centre.lon.toFixed(6)}&lat=${c.centre.lat.toFixed(6)}&radius_m=${c.radius_m}&from=${isoDate(today)}&to=${isoDate(to)}&sort=next&limit=500&lang=${lang}`);
  },
  layer: (c: KioskConfig, layer: string, lang: string) =>
    apiUrl(`/api/layers/${layer}?bbox=${areaBox(c).join(',')}&lang=${lang}`),
  detail: (id: string, lang: string) =>
    apiUrl(`/api/opportunities/${encodeURIComponent(id)}?occurrences=5&lang=${lang}`),
  /** the town's neighbourhoods (also in the offline copy): which one the centre stands in */
  neighbourhoods: apiUrl('/api/layers/neighbourhoods'),
};

export const kioskApi = {
  config: (slug: string, signal?: AbortSignal) => getJson<KioskConfig>(kioskUrls.config(slug), signal),
  activities: (c: KioskConfig, lang: string, today: Date, signal?: AbortSignal) =>
    getJson<{ total: number; items: SearchItem[] }>(kioskUrls.activities(c, lang, today), signal),
  layer: (c: KioskConfig, layer: string, lang: string, signal?: AbortSignal) =>
    getJson<FeatureCollection<Geometry, FeatureProps>>(kioskUrls.layer(c, layer, lang), signal),
  detail: (id: string, lang: string, signal?: AbortSignal) =>
    getJson<OpportunityDetail>(kioskUrls.detail(id, lang), signal),
  health: () => getJson<{ status: string }>(apiUrl('/api/health')),
  neighbourhoods: (signal?: AbortSignal) =>
    getJson<FeatureCollection<Geometry, FeatureProps>>(kioskUrls.neighbourhoods, signal),
};

/** registers the service worker and, once it controls the page, asks it to keep these URLs */
export async function enableOffline(urls: () => string[]): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const send = () => {
    const resources = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.startsWith(window.location.origin));
    navigator.serviceWorker.controller?.postMessage({
      type: 'precache',
      urls: [window.location.pathname, ...resources, ...urls()],
    });
  };
  try {
    await navigator.serviceWorker.register('/kiosk-sw.js', { scope: appUrl('/kiosk/') });
    if (navigator.serviceWorker.controller) send();
    else navigator.serviceWorker.addEventListener('controllerchange', send, { once: true });
  } catch {
    // no service worker (e.g. not a secure origin): the kiosk still runs, online only
  }
}

/** the text a visitor can search in, folded: case and accents do not matter */
export function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
