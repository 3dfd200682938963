/**
 * How each API layer is drawn. The legend reads the same colours, so map and legend never
 * disagree. Programs are coloured by their first category (data/taxonomy/categories.json).
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import taxonomy from '../../data/taxonomy/categories.json';
import type { LayerId } from '../api.ts';

export const LAYER_ORDER: LayerId[] = ['neighbourhoods', 'degraded-zones', 'parks', 'gardens', 'centres', 'programs', 'needs'];
/** layers with a toggle in the legend; neighbourhood outlines have one too */
export const TOGGLEABLE: LayerId[] = ['parks', 'gardens', 'centres', 'programs', 'degraded-zones', 'neighbourhoods', 'needs'];

export const COLORS = {
  parkFill: '#5fae5a',
  parkLine: '#2e6b2b',
  garden: '#e3a008',
  gardenStroke: '#5b3d00',
  centre: '#1d4ed8',
  zoneFill: '#e4572e',
  zoneLine: '#b3361a',
  neighbourhood: '#4b5563',
  selected: '#111827',
  /** needs residents pinned (issue 13): a violet diamond, apart from every category colour */
  need: '#6d28d9',
};

export const CATEGORY_COLORS: Record<string, string> = Object.fromEntries(
  taxonomy.categories.map((c) => [c.code, c.color]),
);
export const CATEGORY_LABELS: Record<string, string> = Object.fromEntries(
  taxonomy.categories.map((c) => [c.code, c.label.en]),
);

const categoryColor = [
  'match',
  ['at', 0, ['coalesce', ['get', 'categories'], ['literal', ['social']]]],
  ...taxonomy.categories.flatMap((c) => [c.code, c.color]),
  '#6b7280',
];

/**
 * A symbol's radius by zoom: large enough to see and to tap on a phone (issue 14: 6–14 px dots
 * were too small), growing as the map zooms in. At city zoom a garden is about 20 px across with
 * its ring; a tap within TAP_TOLERANCE_PX (symbols.ts) of its edge still opens it.
 */
function radius(atCity: number, atStreet: number): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], 10, atCity, 16, atStreet];
}

/**
 * Polygons only: a fill or line layer over a source that also holds points would otherwise answer
 * queryRenderedFeatures with those points too.
 */
const POLYGONS: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];

/** the layers whose places may have a footprint: drawn as a shape with a symbol inside */
export const FOOTPRINT_LAYERS: LayerId[] = ['parks', 'gardens', 'centres'];
/** the layers drawn with symbols (points, and the point on the surface of each footprint) */
export const SYMBOL_LAYERS: LayerId[] = ['parks', 'gardens', 'centres', 'programs', 'needs'];

/**
 * The MapLibre layers drawing the shapes of one API layer (polygons: fills and outlines; the
 * point features in the same source draw nothing here); ids start with the API layer's id.
 */
export function shapeLayers(layer: LayerId, source: string, selectedId: string | null): LayerSpecification[] {
  const isSelected: ExpressionSpecification = ['==', ['get', 'id'], selectedId ?? ''];
  switch (layer) {
    case 'neighbourhoods':
      return [
        // nearly transparent, under everything: a click on an empty spot tells the neighbourhood
        { id: 'neighbourhoods-fill', type: 'fill', source, paint: { 'fill-color': COLORS.neighbourhood, 'fill-opacity': 0.01 } },
        {
          id: 'neighbourhoods-line',
          type: 'line',
          source,
          paint: { 'line-color': COLORS.neighbourhood, 'line-width': 1.4, 'line-dasharray': [3, 2], 'line-opacity': 0.8 },
        },
      ];
    case 'degraded-zones':
      return [
        { id: 'degraded-zones-fill', type: 'fill', source, paint: { 'fill-color': COLORS.zoneFill, 'fill-opacity': 0.16 } },
        {
          id: 'degraded-zones-line',
          type: 'line',
          source,
          paint: { 'line-color': COLORS.zoneLine, 'line-width': ['case', isSelected, 4, 2.2], 'line-dasharray': [2, 1.2] },
        },
      ];
    case 'parks':
      return [
        {
          id: 'parks-fill',
          type: 'fill',
          source,
          filter: POLYGONS,
          paint: { 'fill-color': COLORS.parkFill, 'fill-opacity': ['case', isSelected, 0.8, 0.55] },
        },
        {
          id: 'parks-line',
          type: 'line',
          source,
          filter: POLYGONS,
          paint: { 'line-color': ['case', isSelected, COLORS.selected, COLORS.parkLine], 'line-width': ['case', isSelected, 3, 1] },
        },
      ];
    case 'gardens':
      // a garden's footprint (an allotment, a community garden mapped as an area)
      return [
        {
          id: 'gardens-fill',
          type: 'fill',
          source,
          filter: POLYGONS,
          paint: { 'fill-color': COLORS.garden, 'fill-opacity': ['case', isSelected, 0.75, 0.5] },
        },
        {
          id: 'gardens-line',
          type: 'line',
          source,
          filter: POLYGONS,
          paint: {
            'line-color': ['case', isSelected, COLORS.selected, COLORS.gardenStroke],
            'line-width': ['case', isSelected, 3, 1.5],
          },
        },
      ];
    case 'centres':
      // a centre mapped as its building
      return [
        {
          id: 'centres-fill',
          type: 'fill',
          source,
          filter: POLYGONS,
          paint: { 'fill-color': COLORS.centre, 'fill-opacity': ['case', isSelected, 0.4, 0.2] },
        },
        {
          id: 'centres-line',
          type: 'line',
          source,
          filter: POLYGONS,
          paint: { 'line-color': ['case', isSelected, COLORS.selected, COLORS.centre], 'line-width': ['case', isSelected, 3, 1.5] },
        },
      ];
    default:
      return [];
  }
}

/**
 * The MapLibre layers drawing the symbols of one API layer, from its symbol source (points, and
 * a point on the surface of each footprint: symbolCollection in symbols.ts).
 */
export function symbolLayers(layer: LayerId, source: string, selectedId: string | null): LayerSpecification[] {
  const isSelected: ExpressionSpecification = ['==', ['get', 'id'], selectedId ?? ''];
  switch (layer) {
    case 'parks':
      return [
        {
          id: 'parks-circle',
          type: 'circle',
          source,
          paint: {
            // the park's light green with its dark outline: apart from a program's white ring
            'circle-color': COLORS.parkFill,
            'circle-radius': radius(6, 10),
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.parkLine],
            'circle-stroke-width': ['case', isSelected, 3.5, 2.5],
          },
        },
      ];
    case 'gardens':
      return [
        {
          id: 'gardens-circle',
          type: 'circle',
          source,
          paint: {
            'circle-color': COLORS.garden,
            'circle-radius': radius(7, 12),
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.gardenStroke],
            'circle-stroke-width': ['case', isSelected, 3.5, 2],
          },
        },
      ];
    case 'centres':
      return [
        {
          id: 'centres-circle',
          type: 'circle',
          source,
          paint: {
            'circle-color': '#ffffff',
            'circle-radius': radius(7, 12),
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.centre],
            'circle-stroke-width': ['case', isSelected, 5, 3.5],
          },
        },
      ];
    case 'programs':
      return [
        {
          id: 'programs-circle',
          type: 'circle',
          source,
          paint: {
            'circle-color': categoryColor as unknown as string,
            'circle-radius': radius(6, 10),
            'circle-stroke-color': ['case', isSelected, COLORS.selected, '#ffffff'],
            'circle-stroke-width': ['case', isSelected, 3, 1.5],
          },
        },
      ];
    case 'needs':
      return [
        {
          id: 'needs-circle',
          type: 'circle',
          source,
          paint: {
            'circle-color': '#ffffff',
            'circle-radius': radius(7, 11),
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.need],
            'circle-stroke-width': ['case', isSelected, 4, 3],
          },
        },
        {
          id: 'needs-dot',
          type: 'circle',
          source,
          paint: { 'circle-color': COLORS.need, 'circle-radius': radius(2.5, 4) },
        },
      ];
    default:
      return [];
  }
}

/** The MapLibre layers drawing one API layer: its shapes, then its symbols. */
export function styleLayers(layer: LayerId, source: string, selectedId: string | null): LayerSpecification[] {
  return [...shapeLayers(layer, source, selectedId), ...symbolLayers(layer, source, selectedId)];
}

/** the MapLibre layer ids of an API layer, for visibility and queryRenderedFeatures */
export function styleLayerIds(layer: LayerId): string[] {
  return styleLayers(layer, '', null).map((l) => l.id);
}

/** how much of the routine layers shows while emergency mode is on: still there, but behind */
export const DIMMED_OPACITY = 0.3;

const OPACITY_KEYS: Record<string, string[]> = {
  circle: ['circle-opacity', 'circle-stroke-opacity'],
  fill: ['fill-opacity'],
  line: ['line-opacity'],
};

/** a layer with every opacity multiplied by `factor` (a missing one counts as 1) */
export function dimmed(spec: LayerSpecification, factor = DIMMED_OPACITY): LayerSpecification {
  const keys = OPACITY_KEYS[spec.type];
  if (!keys || !('paint' in spec)) return spec;
  const paint: Record<string, unknown> = { ...(spec.paint ?? {}) };
  for (const k of keys) {
    const v = paint[k];
    paint[k] = v === undefined ? factor : typeof v === 'number' ? v * factor : ['*', v, factor];
  }
  return { ...spec, paint } as LayerSpecification;
}
