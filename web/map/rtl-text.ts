/**
 * MapLibre's right-to-left text plugin (@mapbox/mapbox-gl-rtl-text), served by this app
 * (GET /api/basemap/rtl-text.mjs, server/basemap/routes.ts), never fetched from another host.
 * Loaded lazily: only a map that meets Hebrew (or Arabic) text loads it. The `.mjs` name makes
 * MapLibre's worker import() it as a module, which the Content-Security-Policy (script-src 'self',
 * no eval) allows.
 */
import { getRTLTextPluginStatus, setRTLTextPlugin } from 'maplibre-gl';

export const RTL_TEXT_PLUGIN_PATH = '/api/basemap/rtl-text.mjs';

export function registerRtlText(): void {
  if (typeof window === 'undefined' || getRTLTextPluginStatus() !== 'unavailable') return;
  setRTLTextPlugin(new URL(RTL_TEXT_PLUGIN_PATH, window.location.origin).href, true).catch((err: unknown) => {
    console.warn('the right-to-left text plugin could not be loaded', err);
  });
}
