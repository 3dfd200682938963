/**
 * Map symbols and taps (issue 14). A place with a footprint (a garden, a park, a centre's
 * building) is drawn as its shape plus one symbol at a point on its surface (the `lon`/`lat` the
 * layer API gives: ST_PointOnSurface), so it stays visible and tappable at city zoom where the
 * shape itself is too small to draw. A tap within TAP_TOLERANCE_PX of a symbol's drawn edge opens
 * that symbol — the nearest one — before any shape (a park, a neighbourhood) under the finger.
 */
import type { Feature, Point } from 'geojson';
import type { LayerCollection, MapFeature } from '../api.ts';

/** how far from a symbol's drawn edge a tap still opens it, in CSS pixels */
export const TAP_TOLERANCE_PX = 22;

/**
 * The point features of a layer for its symbol layers: points as they are, and for each shape
 * (polygon, line) a point at its `lon`/`lat` (the point on its surface). A shape without one
 * gets no symbol rather than one per vertex.
 */
export function symbolCollection(fc: LayerCollection): LayerCollection {
  const features: MapFeature[] = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    if (f.geometry.type === 'Point') {
      features.push(f);
      continue;
    }
    const { lon, lat } = f.properties;
    if (typeof lon !== 'number' || typeof lat !== 'number') continue;
    const point: Feature<Point, MapFeature['properties']> = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: f.properties,
      ...(f.id !== undefined ? { id: f.id } : {}),
    };
    features.push(point);
  }
  return { type: 'FeatureCollection', features };
}

/** a paint value as the style gives it: a number or an expression */
type PaintValue = unknown;

/**
 * The largest pixel value a paint property can take at `zoom`: a number, a linear
 * interpolation over the zoom, or the largest branch of a `case`/`match` (a selected symbol's
 * wider ring counts). Anything else counts as 0.
 */
export function largestPixels(value: PaintValue, zoom: number): number {
  if (typeof value === 'number') return value;
  if (!Array.isArray(value)) return 0;
  const [op, ...args] = value as unknown[];
  if (op === 'interpolate' && Array.isArray(args[1]) && args[1][0] === 'zoom') {
    const stops = args.slice(2) as unknown[];
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < stops.length; i += 2)
      pairs.push([Number(stops[i]), largestPixels(stops[i + 1], zoom)]);
    if (pairs.length === 0) return 0;
    const first = pairs[0] as [number, number];
    const last = pairs[pairs.length - 1] as [number, number];
    if (zoom <= first[0]) return first[1];
    if (zoom >= last[0]) return last[1];
    for (let i = 1; i < pairs.length; i++) {
      const [z0, v0] = pairs[i - 1] as [number, number];
      const [z1, v1] = pairs[i] as [number, number];
      if (zoom <= z1) return v0 + ((v1 - v0) * (zoom - z0)) / (z1 - z0);
    }
    return last[1];
  }
  if (op === 'case') {
    // ['case', cond, value, cond, value, …, fallback]: every value, none of the conditions
    const values = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
    return Math.max(0, ...values.map((v) => largestPixels(v, zoom)));
  }
  if (op === 'match') {
    // ['match', input, label, value, …, fallback]
    const rest = args.slice(1);
    const values = rest.filter((_, i) => i % 2 === 1 || i === rest.length - 1);
    return Math.max(0, ...values.map((v) => largestPixels(v, zoom)));
  }
  return 0;
}

/** a symbol found near a tap: how far the tap is outside its drawn edge (0: on it) */
export interface SymbolCandidate<T> {
  feature: T;
  /** the symbol's centre on the screen */
  x: number;
  y: number;
  /** its drawn radius, ring included */
  radius: number;
  /** ranked before the others (emergency places while emergency mode is on) */
  priority?: boolean;
}

/**
 * The symbol a tap at (x, y) opens: among those whose drawn edge is within TAP_TOLERANCE_PX,
 * priority ones first, then the nearest edge, then the nearest centre, then the topmost (the
 * candidates come topmost first).
 */
export function pickSymbol<T>(x: number, y: number, candidates: SymbolCandidate<T>[]): T | undefined {
  let best: { c: SymbolCandidate<T>; gap: number; centre: number } | undefined;
  for (const c of candidates) {
    const centre = Math.hypot(c.x - x, c.y - y);
    const gap = Math.max(0, centre - c.radius);
    if (gap > TAP_TOLERANCE_PX) continue;
    if (
      !best ||
      (!!c.priority && !best.c.priority) ||
      (!!c.priority === !!best.c.priority && (gap < best.gap || (gap === best.gap && centre < best.centre)))
    )
      best = { c, gap, centre };
  }
  return best?.c.feature;
}
