/**
 * The distance from every population sample to one new site, along the walk network or by
 * straight line: the heavy part of a what-if (a drawn polygon of thousands of vertices against
 * every sample and every street), run in a worker thread (what-if-worker.ts).
 */
import type { Network } from './distances.ts';
import { distanceToShape, type Shape } from './geometry.ts';

export function newSiteDistances(
  points: { x: number; y: number }[],
  net: Network | null,
  shape: Shape,
  capM: number,
): Float64Array {
  if (!net) return Float64Array.from(points, (s) => distanceToShape(shape, s.x, s.y));
  const access = net.graph.accessPoints([shape]);
  const nodeDist = net.graph.distances(access.seeds, capM);
  return Float64Array.from(points, (s, i) => {
    const snap = net.snaps[i];
    const straight = distanceToShape(shape, s.x, s.y);
    if (!snap || straight === 0) return straight;
    return net.graph.distanceAt(snap, nodeDist, access);
  });
}
