/**
 * The offline basemap style: land, green spaces, water, buildings, streets, neighbourhood outlines
 * and the names of streets, places and neighbourhoods, all drawn from the vector tiles this API
 * makes of the tenant's own data (server/basemap/tiles.ts). No glyphs, sprites or tiles from the
 * internet, and no `glyphs` URL at all: MapLibre (≥ 5.11) draws every label with the device's own
 * fonts, which cover Latin, Hebrew and Cyrillic (docs/ARCHITECTURE.md, "Map labels").
 */
import type {
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import { MAJOR, MAX_TILE_ZOOM } from './tiles.ts';

export interface BasemapTenant {
  name: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number];
}

/** the device's fonts: the first one present draws; "Bold" in the first name makes it bold */
export const LABEL_FONT = ['Noto Sans', 'DejaVu Sans', 'sans-serif'];
export const LABEL_FONT_BOLD = ['Noto Sans Bold', 'DejaVu Sans Bold', 'sans-serif'];

/** a layer of the basemap source, without the source (distributed over the layer types) */
type SourcedLayer = LayerSpecification extends infer L
  ? L extends { source: string }
    ? Omit<L, 'source'> & { 'source-layer': string }
    : never
  : never;

const widthByZoom = (z12: number, z18: number) =>
  ['interpolate', ['exponential', 1.6], ['zoom'], 12, z12, 18, z18] as unknown as number;

const classIn = (classes: string[]) =>
  ['in', ['get', 'class'], ['literal', classes]] as unknown as ExpressionSpecification;

const MINOR = [
  'tertiary',
  'tertiary_link',
  'residential',
  'unclassified',
  'living_street',
  'pedestrian',
  'road',
];
const PATHS = ['footway', 'path', 'cycleway', 'steps', 'track', 'bridleway'];
/** label text: dark on a white halo, AA contrast over every fill of the basemap */
const LABEL_PAINT = { 'text-color': '#2b2b2b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 };

export function buildBasemapStyle(opts: {
  origin: string;
  tenant: BasemapTenant;
  /** tenant and lang of the tiles' URL */
  query: Record<string, string>;
  /** an OpenStreetMap extract is part of the basemap: its attribution is due */
  osm?: boolean;
}): StyleSpecification {
  const { origin, tenant } = opts;
  const api = `${origin}/api`;
  const qs = new URLSearchParams(opts.query).toString();
  const src = 'basemap';
  const layer = (spec: SourcedLayer) => ({ source: src, ...spec }) as LayerSpecification;
  const named = ['has', 'name'] as unknown as ExpressionSpecification;
  const layers: LayerSpecification[] = [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef0ea' } },
    layer({
      id: 'land',
      type: 'fill',
      'source-layer': 'neighbourhood',
      paint: { 'fill-color': '#f7f5ef', 'fill-outline-color': '#f7f5ef' },
    }),
    layer({
      id: 'green',
      type: 'fill',
      'source-layer': 'green',
      paint: {
        'fill-color': ['match', ['get', 'class'], ['forest', 'wood', 'nature_reserve'], '#bcdba8', '#d3e8c4'],
      },
    }),
    layer({
      id: 'water',
      type: 'fill',
      'source-layer': 'water',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#a8cde8' },
    }),
    layer({
      id: 'water-edge',
      type: 'line',
      'source-layer': 'water',
      paint: {
        'line-color': '#7fb0d6',
        // rivers widen with the zoom, lake shores stay a hairline
        'line-width': [
          'interpolate',
          ['exponential', 1.6],
          ['zoom'],
          12,
          ['case', ['==', ['geometry-type'], 'LineString'], 1, 0.8],
          18,
          ['case', ['==', ['geometry-type'], 'LineString'], 6, 0.8],
        ],
      },
    }),
    layer({
      id: 'buildings',
      type: 'fill',
      'source-layer': 'building',
      minzoom: 14,
      paint: { 'fill-color': '#e4ded3', 'fill-outline-color': '#cfc6b6' },
    }),
    layer({
      id: 'paths',
      type: 'line',
      'source-layer': 'street',
      filter: classIn(PATHS),
      paint: { 'line-color': '#b9a98f', 'line-width': widthByZoom(0.6, 2), 'line-dasharray': [2, 1.5] },
    }),
    layer({
      id: 'streets-service',
      type: 'line',
      'source-layer': 'street',
      filter: classIn(['service']),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': widthByZoom(0.6, 5) },
    }),
    layer({
      id: 'streets-minor',
      type: 'line',
      'source-layer': 'street',
      filter: classIn(MINOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': widthByZoom(1.2, 10) },
    }),
    layer({
      id: 'streets-major-casing',
      type: 'line',
      'source-layer': 'street',
      filter: classIn(MAJOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#c9b98f', 'line-width': widthByZoom(3, 18) },
    }),
    layer({
      id: 'streets-major',
      type: 'line',
      'source-layer': 'street',
      filter: classIn(MAJOR),
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': '#fde9a9', 'line-width': widthByZoom(2, 14) },
    }),
    layer({
      id: 'neighbourhood-outline',
      type: 'line',
      'source-layer': 'neighbourhood',
      paint: { 'line-color': '#9c8f78', 'line-width': 1, 'line-dasharray': [3, 2] },
    }),
    layer({
      id: 'water-names',
      type: 'symbol',
      'source-layer': 'water',
      minzoom: 13,
      filter: ['all', named, ['==', ['geometry-type'], 'LineString']],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': 13,
      },
      paint: { 'text-color': '#1f4e79', 'text-halo-color': '#ffffff', 'text-halo-width': 1.4 },
    }),
    layer({
      id: 'street-names',
      type: 'symbol',
      'source-layer': 'street',
      minzoom: 14,
      filter: named,
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT,
        'text-size': ['interpolate', ['linear'], ['zoom'], 14, 12, 18, 15],
        'text-max-angle': 30,
        'symbol-spacing': 300,
      },
      paint: LABEL_PAINT,
    }),
    layer({
      id: 'place-names',
      type: 'symbol',
      'source-layer': 'place',
      filter: named,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': [
          'match',
          ['get', 'class'],
          ['city', 'town'],
          ['literal', LABEL_FONT_BOLD],
          ['literal', LABEL_FONT],
        ] as unknown as string[],
        'text-size': [
          'match',
          ['get', 'class'],
          ['city', 'town'],
          18,
          ['suburb', 'quarter', 'village'],
          15,
          13,
        ],
        // the city's name before its districts', theirs before a square's
        'symbol-sort-key': [
          'match',
          ['get', 'class'],
          ['city', 'town'],
          0,
          ['suburb', 'quarter', 'village'],
          1,
          2,
        ],
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: LABEL_PAINT,
    }),
    layer({
      id: 'neighbourhood-names',
      type: 'symbol',
      'source-layer': 'neighbourhood_label',
      filter: named,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': LABEL_FONT_BOLD,
        'text-size': ['interpolate', ['linear'], ['zoom'], 11, 13, 15, 16],
        'text-max-width': 8,
        'text-letter-spacing': 0.04,
        'text-padding': 4,
      },
      paint: { 'text-color': '#4a3f2c', 'text-halo-color': '#ffffff', 'text-halo-width': 1.8 },
    }),
  ];
  return {
    version: 8,
    name: `${tenant.name} — offline basemap`,
    center: tenant.home.center,
    zoom: tenant.home.zoom,
    metadata: { 'commons-map:bbox': tenant.bbox },
    sources: {
      [src]: {
        type: 'vector',
        tiles: [`${api}/basemap/tiles/{z}/{x}/{y}.mvt${qs ? `?${qs}` : ''}`],
        minzoom: 0,
        maxzoom: MAX_TILE_ZOOM,
        bounds: tenant.bbox,
        attribution: opts.osm ? '© OpenStreetMap contributors' : 'Town data',
      },
    },
    layers,
  };
}
