/**
 * Small plane geometry for the planner's own drawings: where a neighbourhood's name goes (a point
 * well inside its largest part, not its centroid, which may fall outside a bent shape), and the
 * bounding box of a set of shapes. Longitudes are scaled by cos(latitude) so that "well inside" is
 * measured in near-metres at a town's size.
 */
import type { Geometry, Position } from 'geojson';

export type Box = [number, number, number, number];

/** the polygons of a geometry (a multipolygon's parts; nothing for points and lines) */
export function polygonsOf(g: Geometry | null | undefined): Position[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(polygonsOf);
  return [];
}

export function boxOf(geometries: (Geometry | null | undefined)[]): Box | null {
  let box: Box | null = null;
  const add = (p: Position) => {
    const [x = 0, y = 0] = p;
    box = box
      ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
      : [x, y, x, y];
  };
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') add(c as Position);
    else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  for (const g of geometries) {
    if (!g) continue;
    if (g.type === 'GeometryCollection')
      walk(g.geometries.map((x) => ('coordinates' in x ? x.coordinates : [])));
    else walk(g.coordinates);
  }
  return box;
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] as Position;
    const [xj = 0, yj = 0] = ring[j] as Position;
    a += (xj + xi) * (yj - yi);
  }
  return Math.abs(a / 2);
}

function inside(x: number, y: number, poly: Position[][]): boolean {
  let hit = false;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] as Position;
      const [xj = 0, yj = 0] = ring[j] as Position;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
    }
  }
  return hit;
}

function edgeDistance(x: number, y: number, poly: Position[][], k: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const ring of poly) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax = 0, ay = 0] = ring[j] as Position;
      const [bx = 0, by = 0] = ring[i] as Position;
      const dx = (bx - ax) * k;
      const dy = by - ay;
      const len = dx * dx + dy * dy;
      const t = len ? Math.max(0, Math.min(1, ((x - ax) * k * dx + (y - ay) * dy) / len)) : 0;
      const ex = (x - ax) * k - t * dx;
      const ey = y - ay - t * dy;
      best = Math.min(best, ex * ex + ey * ey);
    }
  }
  return Math.sqrt(best);
}

/**
 * A point inside the largest part of a (multi)polygon, as far from its edges as a 24 × 24 grid
 * search and one finer pass find: where a label reads best. Null for a geometry without area.
 */
export function labelPoint(g: Geometry | null | undefined): [number, number] | null {
  const parts = polygonsOf(g);
  const largest = parts.reduce<Position[][] | null>(
    (best, p) => (!best || ringArea(p[0] ?? []) > ringArea(best[0] ?? []) ? p : best),
    null,
  );
  if (!largest?.[0]?.length) return null;
  const box = boxOf([{ type: 'Polygon', coordinates: largest }]) as Box;
  const k = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  let best: { x: number; y: number; d: number } | null = null;
  const search = (x0: number, y0: number, x1: number, y1: number) => {
    const n = 24;
    for (let i = 0; i <= n; i++)
      for (let j = 0; j <= n; j++) {
        const x = x0 + ((x1 - x0) * i) / n;
        const y = y0 + ((y1 - y0) * j) / n;
        if (!inside(x, y, largest)) continue;
        const d = edgeDistance(x, y, largest, k);
        if (!best || d > best.d) best = { x, y, d };
      }
  };
  search(box[0], box[1], box[2], box[3]);
  const first = best as { x: number; y: number; d: number } | null;
  if (!first) {
    const [x = 0, y = 0] = largest[0][0] as Position;
    return [x, y];
  }
  const w = (box[2] - box[0]) / 24;
  const h = (box[3] - box[1]) / 24;
  search(first.x - w, first.y - h, first.x + w, first.y + h);
  const found = best as unknown as { x: number; y: number };
  return [found.x, found.y];
}
