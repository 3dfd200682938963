/**
 * A (multi)polygon of many vertices — a site a planner draws for a what-if may have thousands —
 * with its edges indexed, so that "is this point inside", "how far is it" and "where does this
 * street cross the boundary" cost a few edges instead of all of them. Same answers as the plain
 * functions of geometry.ts (which stay in use for the small polygons of stored sites).
 */
import { type BBox, bboxDistance, bboxOfPaths, type Path, type Polygon } from './geometry.ts';

export class PolygonIndex {
  readonly bbox: BBox;
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  /** edges by the horizontal bands of the plane their y-range covers: for the crossing count */
  private readonly bands = new Map<number, number[]>();
  private readonly bandH: number;
  /** edges by square cells: for the crossings of a segment, and (as a list) for the nearest edge */
  private readonly cells = new Map<number, number[]>();
  private readonly cellList: { bbox: BBox; edges: number[] }[];
  private readonly cell: number;
  private readonly stamp: Uint32Array;
  private visit = 0;

  constructor(polygons: Polygon[]) {
    const rings: Path[] = polygons.flat();
    this.bbox = bboxOfPaths(rings);
    const n = rings.reduce((sum, r) => sum + Math.max(0, r.length / 2 - 1), 0);
    this.ax = new Float64Array(n);
    this.ay = new Float64Array(n);
    this.bx = new Float64Array(n);
    this.by = new Float64Array(n);
    let k = 0;
    for (const r of rings) {
      for (let i = 0; i + 3 < r.length; i += 2) {
        this.ax[k] = r[i] as number;
        this.ay[k] = r[i + 1] as number;
        this.bx[k] = r[i + 2] as number;
        this.by[k] = r[i + 3] as number;
        k++;
      }
    }
    const w = Math.max(this.bbox.maxX - this.bbox.minX, 1);
    const h = Math.max(this.bbox.maxY - this.bbox.minY, 1);
    // about √n cells a side: a few edges per cell whatever the polygon's size
    const side = Math.max(4, Math.ceil(Math.sqrt(n)));
    this.cell = Math.max(Math.max(w, h) / side, 0.01);
    this.bandH = h / side;
    for (let i = 0; i < n; i++) {
      const b = this.edgeBox(i);
      for (let j = this.band(b.minY); j <= this.band(b.maxY); j++) push(this.bands, j, i);
      for (let gx = this.cellOf(b.minX); gx <= this.cellOf(b.maxX); gx++)
        for (let gy = this.cellOf(b.minY); gy <= this.cellOf(b.maxY); gy++) push(this.cells, key(gx, gy), i);
    }
    this.cellList = [...this.cells.values()].map((edges) => ({
      edges,
      bbox: edges.reduce(
        (b, i) => {
          const e = this.edgeBox(i);
          return {
            minX: Math.min(b.minX, e.minX),
            minY: Math.min(b.minY, e.minY),
            maxX: Math.max(b.maxX, e.maxX),
            maxY: Math.max(b.maxY, e.maxY),
          };
        },
        { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity },
      ),
    }));
    this.stamp = new Uint32Array(n);
  }

  private edgeBox(i: number): BBox {
    const ax = this.ax[i] as number;
    const ay = this.ay[i] as number;
    const bx = this.bx[i] as number;
    const by = this.by[i] as number;
    return { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
  }

  private band(y: number): number {
    return Math.floor((y - this.bbox.minY) / this.bandH);
  }

  private cellOf(v: number): number {
    return Math.floor(v / this.cell);
  }

  /** inside (an odd number of boundary crossings to the right): outer rings minus holes */
  contains(x: number, y: number): boolean {
    if (x < this.bbox.minX || x > this.bbox.maxX || y < this.bbox.minY || y > this.bbox.maxY) return false;
    let inside = false;
    for (const i of this.bands.get(this.band(y)) ?? []) {
      const yi = this.ay[i] as number;
      const yj = this.by[i] as number;
      if (yi > y === yj > y) continue;
      const xi = this.ax[i] as number;
      const xj = this.bx[i] as number;
      if (x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  }

  private edgeDistance(i: number, px: number, py: number): number {
    const ax = this.ax[i] as number;
    const ay = this.ay[i] as number;
    const dx = (this.bx[i] as number) - ax;
    const dy = (this.by[i] as number) - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
  }

  /**
   * metres to the polygon (0 inside); Infinity when farther than `cap`. The nearest edge: the
   * cell with the nearest box first, then only the cells whose box is nearer than the best so far
   * (about √n cells, a few edges each).
   */
  distance(x: number, y: number, cap: number): number {
    if (bboxDistance(this.bbox, x, y) > cap) return Infinity;
    if (this.contains(x, y)) return 0;
    const lower = new Float64Array(this.cellList.length);
    let first = -1;
    this.cellList.forEach((c, k) => {
      lower[k] = bboxDistance(c.bbox, x, y);
      if (first < 0 || (lower[k] as number) < (lower[first] as number)) first = k;
    });
    let best = Infinity;
    const scan = (k: number) => {
      for (const i of (this.cellList[k] as { edges: number[] }).edges) {
        const d = this.edgeDistance(i, x, y);
        if (d < best) best = d;
      }
    };
    if (first >= 0) scan(first);
    for (let k = 0; k < this.cellList.length; k++) if (k !== first && (lower[k] as number) < best) scan(k);
    return best <= cap ? best : Infinity;
  }

  /** where along (a→b), 0..1, the segment crosses the boundary */
  crossings(ax: number, ay: number, bx: number, by: number): number[] {
    this.visit = (this.visit + 1) >>> 0;
    if (this.visit === 0) {
      this.stamp.fill(0);
      this.visit = 1;
    }
    const out: number[] = [];
    const rx = bx - ax;
    const ry = by - ay;
    for (let gx = this.cellOf(Math.min(ax, bx)); gx <= this.cellOf(Math.max(ax, bx)); gx++) {
      for (let gy = this.cellOf(Math.min(ay, by)); gy <= this.cellOf(Math.max(ay, by)); gy++) {
        for (const i of this.cells.get(key(gx, gy)) ?? []) {
          if (this.stamp[i] === this.visit) continue;
          this.stamp[i] = this.visit;
          const cx = this.ax[i] as number;
          const cy = this.ay[i] as number;
          const sx = (this.bx[i] as number) - cx;
          const sy = (this.by[i] as number) - cy;
          const denom = rx * sy - ry * sx;
          if (denom === 0) continue;
          const t = ((cx - ax) * sy - (cy - ay) * sx) / denom;
          const u = ((cx - ax) * ry - (cy - ay) * rx) / denom;
          if (t >= 0 && t <= 1 && u >= 0 && u <= 1) out.push(t);
        }
      }
    }
    return out;
  }

  /** where a line runs inside the polygon, as intervals of distance along it (as insideIntervals) */
  insideIntervals(line: Path): [number, number][] {
    const out: [number, number][] = [];
    let along = 0;
    for (let i = 0; i + 3 < line.length; i += 2) {
      const ax = line[i] as number;
      const ay = line[i + 1] as number;
      const bx = line[i + 2] as number;
      const by = line[i + 3] as number;
      const len = Math.hypot(bx - ax, by - ay);
      const ts = [0, 1, ...this.crossings(ax, ay, bx, by)].sort((p, q) => p - q);
      for (let k = 0; k + 1 < ts.length; k++) {
        const t0 = ts[k] as number;
        const t1 = ts[k + 1] as number;
        if (t1 - t0 < 1e-12) continue;
        const tm = (t0 + t1) / 2;
        if (this.contains(ax + tm * (bx - ax), ay + tm * (by - ay))) {
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
}

function push(m: Map<number, number[]>, k: number, v: number) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function key(gx: number, gy: number): number {
  return (gx + 1_048_576) * 2_097_152 + (gy + 1_048_576);
}
