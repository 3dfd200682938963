/**
 * Plane geometry in metres (coordinates already projected to the tenant's UTM zone): distances
 * from a point to points, lines and polygons, and a grid index for "nearest within a radius".
 * The same code serves both databases, so both give the same numbers.
 */

/** a ring or a line as flat [x0, y0, x1, y1, …] */
export type Path = number[];
/** outer ring then holes */
export type Polygon = Path[];

export interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type Shape = { kind: 'point'; x: number; y: number } | { kind: 'polygon'; polygons: Polygon[] };

export function bboxOfPaths(paths: Path[]): BBox {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const p of paths) {
    for (let i = 0; i < p.length; i += 2) {
      const x = p[i] as number;
      const y = p[i + 1] as number;
      if (x < b.minX) b.minX = x;
      if (x > b.maxX) b.maxX = x;
      if (y < b.minY) b.minY = y;
      if (y > b.maxY) b.maxY = y;
    }
  }
  return b;
}

export function bboxOfShape(s: Shape): BBox {
  return s.kind === 'point' ? { minX: s.x, minY: s.y, maxX: s.x, maxY: s.y } : bboxOfPaths(s.polygons.flat());
}

/** distance from a point to a box (0 inside): a lower bound of the distance to what it holds */
export function bboxDistance(b: BBox, x: number, y: number): number {
  const dx = x < b.minX ? b.minX - x : x > b.maxX ? x - b.maxX : 0;
  const dy = y < b.minY ? b.minY - y : y > b.maxY ? y - b.maxY : 0;
  return Math.hypot(dx, dy);
}

/** distance from (px, py) to the segment (ax, ay)-(bx, by), and where along it (0..1) */
export function segmentProjection(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  return { distance: Math.hypot(px - (ax + t * dx), py - (ay + t * dy)), t };
}

function pointInRing(ring: Path, x: number, y: number): boolean {
  let inside = false;
  const n = ring.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i] as number;
    const yi = ring[2 * i + 1] as number;
    const xj = ring[2 * j] as number;
    const yj = ring[2 * j + 1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(poly: Polygon, x: number, y: number): boolean {
  const [outer, ...holes] = poly;
  if (!outer || !pointInRing(outer, x, y)) return false;
  return !holes.some((h) => pointInRing(h, x, y));
}

function distanceToPath(path: Path, x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 3 < path.length; i += 2) {
    const d = segmentProjection(
      x,
      y,
      path[i] as number,
      path[i + 1] as number,
      path[i + 2] as number,
      path[i + 3] as number,
    ).distance;
    if (d < best) best = d;
  }
  return best;
}

/** metres from a point to a shape: 0 inside a polygon, else to its nearest edge */
export function distanceToShape(s: Shape, x: number, y: number): number {
  if (s.kind === 'point') return Math.hypot(s.x - x, s.y - y);
  let best = Infinity;
  for (const poly of s.polygons) {
    if (pointInPolygon(poly, x, y)) return 0;
    for (const ring of poly) best = Math.min(best, distanceToPath(ring, x, y));
  }
  return best;
}

/** where a line runs inside a polygon, as intervals of distance along the line from its start */
export function insideIntervals(line: Path, polygons: Polygon[]): [number, number][] {
  const out: [number, number][] = [];
  let along = 0;
  for (let i = 0; i + 3 < line.length; i += 2) {
    const ax = line[i] as number;
    const ay = line[i + 1] as number;
    const bx = line[i + 2] as number;
    const by = line[i + 3] as number;
    const len = Math.hypot(bx - ax, by - ay);
    // cut the segment where it crosses any ring, then test the middle of each piece
    const ts = [0, 1];
    for (const poly of polygons) {
      for (const ring of poly) {
        for (let k = 0; k + 3 < ring.length; k += 2) {
          const t = segmentIntersection(
            ax,
            ay,
            bx,
            by,
            ring[k] as number,
            ring[k + 1] as number,
            ring[k + 2] as number,
            ring[k + 3] as number,
          );
          if (t !== null) ts.push(t);
        }
      }
    }
    ts.sort((p, q) => p - q);
    for (let k = 0; k + 1 < ts.length; k++) {
      const t0 = ts[k] as number;
      const t1 = ts[k + 1] as number;
      if (t1 - t0 < 1e-12) continue;
      const tm = (t0 + t1) / 2;
      const mx = ax + tm * (bx - ax);
      const my = ay + tm * (by - ay);
      if (polygons.some((p) => pointInPolygon(p, mx, my))) {
        const from = along + t0 * len;
        const to = along + t1 * len;
        const last = out[out.length - 1];
        if (last && Math.abs(last[1] - from) < 1e-6) last[1] = to;
        else out.push([from, to]);
      }
    }
    along += len;
  }
  return out;
}

/** where along (a→b), 0..1, it crosses (c→d); null if it does not */
function segmentIntersection(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): number | null {
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const denom = rx * sy - ry * sx;
  if (denom === 0) return null;
  const t = ((cx - ax) * sy - (cy - ay) * sx) / denom;
  const u = ((cx - ax) * ry - (cy - ay) * rx) / denom;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? t : null;
}

export function pathLength(p: Path): number {
  let len = 0;
  for (let i = 0; i + 3 < p.length; i += 2)
    len += Math.hypot((p[i + 2] as number) - (p[i] as number), (p[i + 3] as number) - (p[i + 1] as number));
  return len;
}

/** a point's projection on a line: its distance to the line and how far along the line it falls */
export function projectOnPath(p: Path, x: number, y: number): { distance: number; along: number } {
  let best = { distance: Infinity, along: 0 };
  let along = 0;
  for (let i = 0; i + 3 < p.length; i += 2) {
    const ax = p[i] as number;
    const ay = p[i + 1] as number;
    const bx = p[i + 2] as number;
    const by = p[i + 3] as number;
    const len = Math.hypot(bx - ax, by - ay);
    const r = segmentProjection(x, y, ax, ay, bx, by);
    if (r.distance < best.distance) best = { distance: r.distance, along: along + r.t * len };
    along += len;
  }
  return best;
}

/**
 * Items bucketed by their bounding boxes on a square grid; `nearest` searches outwards ring by
 * ring and stops once no unvisited bucket can hold anything closer than the best so far.
 */
export class GridIndex<T> {
  private readonly buckets = new Map<number, number[]>();
  private readonly stamp: Uint32Array;
  private visit = 0;

  constructor(
    private readonly items: { bbox: BBox; item: T }[],
    private readonly cell: number,
  ) {
    this.stamp = new Uint32Array(items.length);
    items.forEach(({ bbox }, i) => {
      for (let gx = Math.floor(bbox.minX / cell); gx <= Math.floor(bbox.maxX / cell); gx++) {
        for (let gy = Math.floor(bbox.minY / cell); gy <= Math.floor(bbox.maxY / cell); gy++) {
          const k = key(gx, gy);
          const b = this.buckets.get(k);
          if (b) b.push(i);
          else this.buckets.set(k, [i]);
        }
      }
    });
  }

  get size(): number {
    return this.items.length;
  }

  /** the item with the smallest `distance` within `maxDistance`, or null */
  nearest(
    x: number,
    y: number,
    maxDistance: number,
    distance: (item: T) => number,
  ): { item: T; distance: number } | null {
    if (!this.items.length) return null;
    this.visit = (this.visit + 1) >>> 0;
    if (this.visit === 0) {
      this.stamp.fill(0);
      this.visit = 1;
    }
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best: { item: T; distance: number } | null = null;
    const maxRing = Math.ceil(maxDistance / this.cell) + 1;
    for (let r = 0; r <= maxRing; r++) {
      // everything in ring r is at least (r - 1) cells away
      const floor = (r - 1) * this.cell;
      if (best && best.distance <= floor) break;
      if (floor > maxDistance) break;
      for (let gx = cx - r; gx <= cx + r; gx++) {
        const edge = gx === cx - r || gx === cx + r;
        for (let gy = cy - r; gy <= cy + r; gy += edge ? 1 : 2 * r) {
          const b = this.buckets.get(key(gx, gy));
          if (!b) continue;
          for (const i of b) {
            if (this.stamp[i] === this.visit) continue;
            this.stamp[i] = this.visit;
            const entry = this.items[i] as { bbox: BBox; item: T };
            const limit = best ? best.distance : maxDistance;
            if (bboxDistance(entry.bbox, x, y) > limit) continue;
            const d = distance(entry.item);
            if (d <= limit && (!best || d < best.distance)) best = { item: entry.item, distance: d };
          }
          if (r === 0) break;
        }
      }
    }
    return best;
  }
}

function key(gx: number, gy: number): number {
  // cells of ≥ 10 m over a city: both indices stay well within ±2^20
  return (gx + 1_048_576) * 2_097_152 + (gy + 1_048_576);
}
