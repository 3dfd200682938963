/**
 * The offline basemap's language: its tiles carry names in the language their URL asks for
 * (`lang=`, server/basemap/tiles.ts). The first style URL asks for the reader's language; when
 * the reader switches, the tiles' URLs change in place (no style reload, the app's layers stay).
 */
import type { Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';

const BASEMAP = '/api/basemap/';

/** the language code the API takes: "en-GB" → "en" */
export function basemapLang(language: string): string {
  return (language.split('-')[0] ?? 'en').toLowerCase();
}

/** `url` asking for `lang`, when it is one of this API's basemap URLs; any other URL unchanged */
export function withBasemapLang(url: string, lang: string): string {
  if (!url.includes(BASEMAP)) return url;
  const code = encodeURIComponent(basemapLang(lang));
  // string surgery, not URL(): a tile template's {z}/{x}/{y} must stay unescaped
  if (/[?&]lang=[^&#]*/.test(url)) return url.replace(/([?&])lang=[^&#]*/, `$1lang=${code}`);
  return `${url}${url.includes('?') ? '&' : '?'}lang=${code}`;
}

/** Points the basemap's tile sources at `lang`; the map reloads their tiles. */
export function setBasemapLanguage(map: MapLibreMap, lang: string): void {
  const style = map.getStyle();
  if (!style) return;
  for (const [id, spec] of Object.entries(style.sources)) {
    if (spec.type !== 'vector' || !spec.tiles?.some((t) => t.includes(`${BASEMAP}tiles/`))) continue;
    const tiles = spec.tiles.map((t) => withBasemapLang(t, lang));
    if (tiles.join() === spec.tiles.join()) continue;
    (map.getSource(id) as VectorTileSource | undefined)?.setTiles(tiles);
  }
}
