/**
 * Each sample's distance to the nearest site of a set: along the walk network when the tenant has
 * one (and the sample is within reach of a street), by straight line otherwise. Distances beyond
 * `capM` are not needed by any threshold and come back as null.
 */
import { bboxOfShape, distanceToShape, GridIndex, type Shape } from './geometry.ts';
import type { Sample } from './samples.ts';
import { type AccessPoints, insideAnySite, type Snap, type WalkGraph } from './walk-graph.ts';

export type Method = 'network' | 'straight-line';

export interface SetDistances {
  method: Method;
  distances: (number | null)[];
  /** share of the population whose distance was measured on the network */
  networkShare: number;
}

/** a walk graph with every sample already snapped to it */
export interface Network {
  graph: WalkGraph;
  snaps: (Snap | null)[];
}

export function shapeIndex(shapes: Shape[]): GridIndex<Shape> {
  return new GridIndex(
    shapes.map((s) => ({ bbox: bboxOfShape(s), item: s })),
    250,
  );
}

export function straightLine(
  points: { x: number; y: number }[],
  shapes: Shape[],
  capM: number,
): (number | null)[] {
  const index = shapeIndex(shapes);
  return points.map((p) => {
    const hit = index.nearest(p.x, p.y, capM, (s) => distanceToShape(s, p.x, p.y));
    return hit ? round(hit.distance) : null;
  });
}

/** node distances from a set's access points, bounded by the cap */
export function networkField(
  net: Network,
  shapes: Shape[],
  capM: number,
): { access: AccessPoints; nodeDist: Float64Array } {
  const access = net.graph.accessPoints(shapes);
  return { access, nodeDist: net.graph.distances(access.seeds, capM) };
}

export function setDistances(
  samples: Sample[],
  shapes: Shape[],
  capM: number,
  net: Network | null,
): SetDistances {
  const straight = straightLine(samples, shapes, capM);
  if (!net) return { method: 'straight-line', distances: straight, networkShare: 0 };
  const { access, nodeDist } = networkField(net, shapes, capM);
  let onNetwork = 0;
  let total = 0;
  const distances = samples.map((s, i) => {
    total += s.population;
    const snap = net.snaps[i];
    if (!snap) return straight[i] ?? null;
    onNetwork += s.population;
    if (straight[i] === 0 && insideAnySite(shapes, s.x, s.y)) return 0;
    const d = net.graph.distanceAt(snap, nodeDist, access);
    return d <= capM ? round(d) : null;
  });
  return { method: 'network', distances, networkShare: total ? onNetwork / total : 0 };
}

/** to the decimetre: what a real[] keeps, and more than any walk needs */
function round(d: number): number {
  return Math.round(d * 10) / 10;
}
