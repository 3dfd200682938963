/**
 * The offline basemap style: land, water, streets and neighbourhood outlines, all drawn from the
 * tenant's own data served by this API. No glyphs, sprites or tiles from the internet.
 */
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec';

export interface BasemapTenant {
  name: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number];
}

const widthByZoom = (z12: number, z18: number) =>
  ['interpolate', ['exponential', 1.6], ['zoom'], 12, z12, 18, z18] as unknown as number;

export function buildBasemapStyle(opts: { origin: string; tenant: BasemapTenant }): StyleSpecification {
  const { origin, tenant } = opts;
  const api = `${origin}/api`;
  const street = (classes: string[]) =>
    ['in', ['get', 'highway'], ['literal', classes]] as unknown as boolean;
  return {
    version: 8,
    name: `${tenant.name} — offline basemap`,
    center: tenant.home.center,
    zoom: tenant.home.zoom,
    metadata: { 'commons-map:bbox': tenant.bbox },
    sources: {
      water: { type: 'geojson', data: `${api}/basemap/water.geojson`, attribution: 'Town data' },
      streets: { type: 'geojson', data: `${api}/basemap/streets.geojson` },
      neighbourhoods: { type: 'geojson', data: `${api}/layers/neighbourhoods` },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
      {
        id: 'land',
        type: 'fill',
        source: 'neighbourhoods',
        paint: { 'fill-color': '#f7f5ef', 'fill-outline-color': '#f7f5ef' },
      },
      { id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': '#a8cde8' } },
      {
        id: 'water-edge',
        type: 'line',
        source: 'water',
        paint: { 'line-color': '#7fb0d6', 'line-width': 0.8 },
      },
      {
        id: 'paths',
        type: 'line',
        source: 'streets',
        filter: street(['footway', 'path']),
        paint: { 'line-color': '#b9a98f', 'line-width': widthByZoom(0.6, 2), 'line-dasharray': [2, 1.5] },
      },
      {
        id: 'streets-minor',
        type: 'line',
        source: 'streets',
        filter: street(['residential', 'tertiary']),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#ffffff', 'line-width': widthByZoom(1.2, 10) },
      },
      {
        id: 'streets-major-casing',
        type: 'line',
        source: 'streets',
        filter: street(['primary', 'secondary']),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#c9b98f', 'line-width': widthByZoom(3, 18) },
      },
      {
        id: 'streets-major',
        type: 'line',
        source: 'streets',
        filter: street(['primary', 'secondary']),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#fde9a9', 'line-width': widthByZoom(2, 14) },
      },
    ],
  };
}
