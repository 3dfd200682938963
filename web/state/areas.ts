/** The town's neighbourhoods for the area filter: id, name and the middle of its outline's box. */
import type { Feature } from 'geojson';

export interface AreaOption {
  id: string;
  name: string;
  /** the middle of the outline's bounding box: where the map goes when the area is chosen */
  center: [number, number] | null;
}

function boxCentre(f: Feature): [number, number] | null {
  const g = f.geometry;
  const rings =
    g?.type === 'Polygon' ? g.coordinates : g?.type === 'MultiPolygon' ? g.coordinates.flat() : [];
  let [w, s, e, n] = [
    Number.POSITIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  for (const ring of rings)
    for (const [x, y] of ring as [number, number][]) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
  return Number.isFinite(w) ? [(w + e) / 2, (s + n) / 2] : null;
}

/** the neighbourhoods of a layer answer, sorted by name in the reader's language */
export function areaOptions(features: Feature[], lang: string): AreaOption[] {
  return features
    .map((f) => ({
      id: String(f.id ?? f.properties?.id ?? ''),
      name: String(f.properties?.name ?? ''),
      center: boxCentre(f),
    }))
    .filter((a) => a.id)
    .sort((a, b) => a.name.localeCompare(b.name, lang));
}
