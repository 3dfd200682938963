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

/** The MapLibre layers drawing one API layer; ids start with the API layer's id. */
export function styleLayers(layer: LayerId, source: string, selectedId: string | null): LayerSpecification[] {
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
          paint: { 'fill-color': COLORS.parkFill, 'fill-opacity': ['case', isSelected, 0.8, 0.55] },
        },
        {
          id: 'parks-line',
          type: 'line',
          source,
          paint: { 'line-color': ['case', isSelected, COLORS.selected, COLORS.parkLine], 'line-width': ['case', isSelected, 3, 1] },
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
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 10],
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.gardenStroke],
            'circle-stroke-width': ['case', isSelected, 3.5, 1.5],
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
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 5, 16, 12],
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
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 3, 16, 7],
            'circle-stroke-color': ['case', isSelected, COLORS.selected, '#ffffff'],
            'circle-stroke-width': ['case', isSelected, 3, 1.2],
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
            'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 16, 9],
            'circle-stroke-color': ['case', isSelected, COLORS.selected, COLORS.need],
            'circle-stroke-width': ['case', isSelected, 4, 3],
          },
        },
        {
          id: 'needs-dot',
          type: 'circle',
          source,
          paint: { 'circle-color': COLORS.need, 'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 16, 3.5] },
        },
      ];
  }
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
