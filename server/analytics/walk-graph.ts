/**
 * The pedestrian network in metres, for walking distances without pgRouting (the embedded
 * database has none): multi-source Dijkstra from the sites' access points, and the snapping of any
 * point onto its nearest street.
 *
 * Access points: a point site joins the network where it projects onto its nearest edge; a
 * polygon site (a park) wherever an edge enters it — each end of that edge is seeded with its
 * distance along the edge to the boundary. A polygon that no edge enters is joined from its
 * nearest edge, like a point.
 */
import {
  type BBox,
  bboxOfPaths,
  distanceToShape,
  GridIndex,
  insideIntervals,
  type Path,
  pathLength,
  projectOnPath,
  type Shape,
} from './geometry.ts';
import { PolygonIndex } from './polygon-index.ts';

export interface WalkEdge {
  from: number;
  to: number;
  /** metres along the edge's line, in the projected plane */
  length: number;
  line: Path;
  bbox: BBox;
}

/** where a point meets the network: on edge `edge`, `along` metres from its start, `offset` metres away */
export interface Snap {
  edge: number;
  along: number;
  offset: number;
}

/** polygons with more vertices than this have their edges indexed when streets are matched to them */
const INDEX_FROM_VERTICES = 64;

/** a point joins the network only if a street is this close; farther, straight lines are used */
export const MAX_SNAP_M = 500;

export class WalkGraph {
  readonly edges: WalkEdge[];
  readonly nodeCount: number;
  private readonly adjacency: { head: Int32Array; next: Int32Array; to: Int32Array; weight: Float64Array };
  private readonly index: GridIndex<number>;

  constructor(nodeCount: number, edges: WalkEdge[]) {
    this.nodeCount = nodeCount;
    this.edges = edges;
    const head = new Int32Array(nodeCount).fill(-1);
    const next = new Int32Array(edges.length * 2);
    const to = new Int32Array(edges.length * 2);
    const weight = new Float64Array(edges.length * 2);
    edges.forEach((e, i) => {
      for (const [a, b, k] of [
        [e.from, e.to, 2 * i],
        [e.to, e.from, 2 * i + 1],
      ] as const) {
        to[k] = b;
        weight[k] = e.length;
        next[k] = head[a] as number;
        head[a] = k;
      }
    });
    this.adjacency = { head, next, to, weight };
    this.index = new GridIndex(
      edges.map((e, i) => ({ bbox: e.bbox, item: i })),
      200,
    );
  }

  static fromLines(nodeCount: number, rows: { from: number; to: number; line: Path }[]): WalkGraph {
    return new WalkGraph(
      nodeCount,
      rows.map((r) => ({
        from: r.from,
        to: r.to,
        line: r.line,
        length: pathLength(r.line),
        bbox: bboxOfPaths([r.line]),
      })),
    );
  }

  snap(x: number, y: number, maxDistance = MAX_SNAP_M): Snap | null {
    let along = 0;
    const hit = this.index.nearest(x, y, maxDistance, (i) => {
      const r = projectOnPath((this.edges[i] as WalkEdge).line, x, y);
      return r.distance;
    });
    if (!hit) return null;
    along = projectOnPath((this.edges[hit.item] as WalkEdge).line, x, y).along;
    return { edge: hit.item, along, offset: hit.distance };
  }

  /** the seeds and same-edge entries of a set of sites: where each one meets the network */
  accessPoints(sites: Shape[]): AccessPoints {
    const seeds = new Map<number, number>();
    const onEdge = new Map<number, { along: number; extra: number }[]>();
    const seed = (node: number, d: number) => {
      if (d < (seeds.get(node) ?? Infinity)) seeds.set(node, d);
    };
    const entry = (edge: number, along: number, extra: number) => {
      const list = onEdge.get(edge);
      if (list) list.push({ along, extra });
      else onEdge.set(edge, [{ along, extra }]);
    };
    const joinAt = (s: Snap) => {
      const e = this.edges[s.edge] as WalkEdge;
      seed(e.from, s.offset + s.along);
      seed(e.to, s.offset + (e.length - s.along));
      entry(s.edge, s.along, s.offset);
    };
    for (const site of sites) {
      if (site.kind === 'point') {
        const s = this.snap(site.x, site.y);
        if (s) joinAt(s);
        continue;
      }
      const bbox = bboxOfPaths(site.polygons.flat());
      // a drawn site of many vertices (a what-if) has its edges indexed; a stored park has few
      const vertices = site.polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length / 2, 0), 0);
      const indexed = vertices > INDEX_FROM_VERTICES ? new PolygonIndex(site.polygons) : null;
      let entered = false;
      this.edges.forEach((e, i) => {
        if (
          e.bbox.maxX < bbox.minX ||
          e.bbox.minX > bbox.maxX ||
          e.bbox.maxY < bbox.minY ||
          e.bbox.minY > bbox.maxY
        )
          return;
        const inside = indexed ? indexed.insideIntervals(e.line) : insideIntervals(e.line, site.polygons);
        if (!inside.length) return;
        entered = true;
        const first = (inside[0] as [number, number])[0];
        const last = (inside[inside.length - 1] as [number, number])[1];
        seed(e.from, first);
        seed(e.to, e.length - last);
        for (const [a, b] of inside) {
          entry(i, a, 0);
          entry(i, b, 0);
        }
      });
      if (!entered) {
        // a park no path enters: reached from the street nearest to its boundary
        let best: Snap | null = null;
        for (const poly of site.polygons) {
          const ring = poly[0] ?? [];
          for (let k = 0; k + 1 < ring.length; k += 2) {
            const s = this.snap(ring[k] as number, ring[k + 1] as number);
            if (s && (!best || s.offset < best.offset)) best = s;
          }
        }
        if (best) joinAt(best);
      }
    }
    return { seeds, onEdge };
  }

  /** shortest distance from the nearest seed to every node, up to `limit` metres (Infinity beyond) */
  distances(seeds: Map<number, number>, limit: number): Float64Array {
    const dist = new Float64Array(this.nodeCount).fill(Infinity);
    const heap = new MinHeap();
    for (const [node, d] of seeds) {
      if (d <= limit && d < (dist[node] as number)) {
        dist[node] = d;
        heap.push(node, d);
      }
    }
    const { head, next, to, weight } = this.adjacency;
    while (heap.size) {
      const [u, du] = heap.pop();
      if (du > (dist[u] as number)) continue;
      for (let k = head[u] as number; k !== -1; k = next[k] as number) {
        const v = to[k] as number;
        const dv = du + (weight[k] as number);
        if (dv <= limit && dv < (dist[v] as number)) {
          dist[v] = dv;
          heap.push(v, dv);
        }
      }
    }
    return dist;
  }

  /** walking distance of a snapped point, given the node distances of a set and its same-edge entries */
  distanceAt(s: Snap, nodeDist: Float64Array, access: AccessPoints): number {
    const e = this.edges[s.edge] as WalkEdge;
    let d = Math.min(
      (nodeDist[e.from] as number) + s.along,
      (nodeDist[e.to] as number) + (e.length - s.along),
    );
    for (const en of access.onEdge.get(s.edge) ?? [])
      d = Math.min(d, Math.abs(en.along - s.along) + en.extra);
    return d + s.offset;
  }
}

export interface AccessPoints {
  seeds: Map<number, number>;
  onEdge: Map<number, { along: number; extra: number }[]>;
}

/** inside a polygon site the walk is over: distance 0, whatever the streets */
export function insideAnySite(sites: Shape[], x: number, y: number): boolean {
  return sites.some((s) => s.kind === 'polygon' && distanceToShape(s, x, y) === 0);
}

class MinHeap {
  private nodes: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(node: number, k: number) {
    const n = this.nodes;
    const ks = this.keys;
    let i = n.length;
    n.push(node);
    ks.push(k);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((ks[p] as number) <= k) break;
      n[i] = n[p] as number;
      ks[i] = ks[p] as number;
      i = p;
    }
    n[i] = node;
    ks[i] = k;
  }

  pop(): [number, number] {
    const n = this.nodes;
    const ks = this.keys;
    const top: [number, number] = [n[0] as number, ks[0] as number];
    const lastN = n.pop() as number;
    const lastK = ks.pop() as number;
    if (n.length) {
      let i = 0;
      const len = n.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= len) break;
        const r = l + 1;
        const c = r < len && (ks[r] as number) < (ks[l] as number) ? r : l;
        if ((ks[c] as number) >= lastK) break;
        n[i] = n[c] as number;
        ks[i] = ks[c] as number;
        i = c;
      }
      n[i] = lastN;
      ks[i] = lastK;
    }
    return top;
  }
}
