/**
 * How the places marked for an emergency are drawn: large circles in their role's colour with a
 * white ring and a dark halo, above every routine layer (which are dimmed meanwhile).
 */
import type { FeatureCollection, Point } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import type { EmergencyPlace } from '../emergency/api.ts';
import { ROLE_COLORS } from '../emergency/colors.ts';

export const EMERGENCY_LAYER_IDS = ['emergency-halo', 'emergency-circle'];

export function emergencyCollection(
  places: EmergencyPlace[],
): FeatureCollection<Point, { id: string; name: string; role: string }> {
  return {
    type: 'FeatureCollection',
    features: places.map((p) => ({
      type: 'Feature',
      id: p.id,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, name: p.name, role: p.role },
    })),
  };
}

const roleColor = [
  'match',
  ['get', 'role'],
  ...Object.entries(ROLE_COLORS).flat(),
  '#b91c1c',
] as unknown as string;

export function emergencyLayers(source: string): LayerSpecification[] {
  return [
    {
      id: 'emergency-halo',
      type: 'circle',
      source,
      paint: {
        'circle-color': '#111827',
        'circle-opacity': 0.25,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 14, 16, 26],
      },
    },
    {
      id: 'emergency-circle',
      type: 'circle',
      source,
      paint: {
        'circle-color': roleColor,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 8, 16, 16],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 3,
      },
    },
  ];
}
