/**
 * The distance from every population sample to one new site, along the walk network or by
 * straight line: the heavy part of a what-if (a drawn polygon of thousands of vertices against
 * every sample and every street), run in a worker thread (what-if-worker.ts).
 */
import type { Network } from './distances.ts';
import type { Shape } from './geometry.ts';
import { PolygonIndex } from './polygon-index.ts';

/** metres from a point to the shape, Infinity beyond `capM` (no threshold reaches that far) */
function distanceTo(shape: Shape, capM: number): (x: number, y: number) => number {
  if (shape.kind === 'point') return (x, y) => Math.hypot(shape.x - x, shape.y - y);
  const index = new PolygonIndex(shape.polygons);
  return (x, y) => index.distance(x, y, capM);
}

export function newSiteDistances(
  points: { x: number; y: number }[],
  net: Network | null,
  shape: Shape,
  capM: number,
): Float64Array {
  const straightTo = distanceTo(shape, capM);
  if (!net) return Float64Array.from(points, (s) => straightTo(s.x, s.y));
  const access = net.graph.accessPoints([shape]);
  const nodeDist = net.graph.distances(access.seeds, capM);
  return Float64Array.from(points, (s, i) => {
    const snap = net.snaps[i];
    const straight = straightTo(s.x, s.y);
    if (!snap || straight === 0) return straight;
    return net.graph.distanceAt(snap, nodeDist, access);
  });
}
