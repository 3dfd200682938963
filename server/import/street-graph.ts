/**
 * A walk graph from street centrelines that come without one (a town's streets.geojson): lines
 * are split where they cross and where one ends on another (T-junctions), each piece between two
 * junctions becomes an edge, and pieces cut off from the network (a path alone in a park, a stub
 * by the river) are left out so that nobody is snapped onto an island. Streets that stop at the
 * water stay stopped: only bridges cross it.
 */

/** the `source` of the walk graph made of a town's streets */
export const STREETS_SOURCE = 'town-streets';

export interface StreetLine {
  coordinates: [number, number][];
  highway: string;
  name?: string | null;
}

export interface StreetGraph {
  /** [lon, lat] by node id */
  nodes: Map<string, [number, number]>;
  edges: {
    id: string;
    from: string;
    to: string;
    coordinates: [number, number][];
    lengthM: number;
    highway: string;
    name: string | null;
  }[];
}

/** an endpoint this close to another line joins it (m) */
const JOIN_M = 2;
/** grid cell of the segment index (m) */
const CELL_M = 100;
/** a component shorter than this share of the whole network is left out */
const ISLAND_SHARE = 0.02;

interface Split {
  seg: number;
  t: number;
  x: number;
  y: number;
}

export function streetGraph(lines: StreetLine[]): StreetGraph {
  const all = lines.flatMap((l) => l.coordinates);
  if (!all.length) return { nodes: new Map(), edges: [] };
  // a local plane around the town: metres east and north, good to a fraction of a percent in a city
  const lat0 = all.reduce((s, p) => s + p[1], 0) / all.length;
  const lon0 = all.reduce((s, p) => s + p[0], 0) / all.length;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_574;
  const toXY = (p: [number, number]): [number, number] => [(p[0] - lon0) * kx, (p[1] - lat0) * ky];
  const toLonLat = (x: number, y: number): [number, number] => [lon0 + x / kx, lat0 + y / ky];

  const xy = lines.map((l) => l.coordinates.map(toXY));
  const splits: Split[][] = xy.map(() => []);

  // every segment in a grid, to find the ones that may cross
  const grid = new Map<string, [number, number][]>();
  const cellsOf = (ax: number, ay: number, bx: number, by: number, pad = 0) => {
    const out: string[] = [];
    for (
      let i = Math.floor((Math.min(ax, bx) - pad) / CELL_M);
      i <= Math.floor((Math.max(ax, bx) + pad) / CELL_M);
      i++
    )
      for (
        let j = Math.floor((Math.min(ay, by) - pad) / CELL_M);
        j <= Math.floor((Math.max(ay, by) + pad) / CELL_M);
        j++
      )
        out.push(`${i},${j}`);
    return out;
  };
  xy.forEach((pts, li) => {
    for (let s = 0; s + 1 < pts.length; s++) {
      const [a, b] = [pts[s] as [number, number], pts[s + 1] as [number, number]];
      for (const c of cellsOf(a[0], a[1], b[0], b[1])) {
        const list = grid.get(c) ?? [];
        list.push([li, s]);
        grid.set(c, list);
      }
    }
  });

  // crossings: the same point is given to both lines, so both get the same node
  const seen = new Set<string>();
  for (const list of grid.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [l1, s1] = list[i] as [number, number];
        const [l2, s2] = list[j] as [number, number];
        if (l1 === l2) continue;
        const key = l1 < l2 ? `${l1}:${s1}:${l2}:${s2}` : `${l2}:${s2}:${l1}:${s1}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const p = xy[l1] as [number, number][];
        const q = xy[l2] as [number, number][];
        const hit = crossing(
          p[s1] as [number, number],
          p[s1 + 1] as [number, number],
          q[s2] as [number, number],
          q[s2 + 1] as [number, number],
        );
        if (!hit) continue;
        splits[l1]?.push({ seg: s1, t: hit.t, x: hit.x, y: hit.y });
        splits[l2]?.push({ seg: s2, t: hit.u, x: hit.x, y: hit.y });
      }
    }
  }

  // T-junctions: a line's end on (or just short of) another line splits that line at the end
  xy.forEach((pts, li) => {
    for (const end of [pts[0], pts[pts.length - 1]] as [number, number][]) {
      let best: { line: number; seg: number; t: number; d: number } | null = null;
      for (const c of cellsOf(end[0], end[1], end[0], end[1], JOIN_M)) {
        for (const [l2, s2] of grid.get(c) ?? []) {
          if (l2 === li) continue;
          const q = xy[l2] as [number, number][];
          const r = project(end, q[s2] as [number, number], q[s2 + 1] as [number, number]);
          if (r.d <= JOIN_M && (!best || r.d < best.d)) best = { line: l2, seg: s2, t: r.t, d: r.d };
        }
      }
      if (best) splits[best.line]?.push({ seg: best.seg, t: best.t, x: end[0], y: end[1] });
    }
  });

  // nodes at line ends and splits; an edge between each two along a line
  const nodeKey = (x: number, y: number) => `${Math.round(x * 10)},${Math.round(y * 10)}`;
  const nodes = new Map<string, [number, number]>();
  const node = (x: number, y: number) => {
    const k = nodeKey(x, y);
    if (!nodes.has(k)) nodes.set(k, [x, y]);
    return k;
  };
  const pieces: { from: string; to: string; pts: [number, number][]; length: number; line: number }[] = [];
  xy.forEach((pts, li) => {
    if (pts.length < 2) return;
    const cuts = (splits[li] ?? []).sort((a, b) => a.seg - b.seg || a.t - b.t);
    let from = node(pts[0]?.[0] as number, pts[0]?.[1] as number);
    let run: [number, number][] = [pts[0] as [number, number]];
    let c = 0;
    const close = (x: number, y: number) => {
      run.push([x, y]);
      const to = node(x, y);
      const length = run.reduce(
        (s, p, i) => (i ? s + Math.hypot(p[0] - (run[i - 1]?.[0] ?? 0), p[1] - (run[i - 1]?.[1] ?? 0)) : 0),
        0,
      );
      if (length > 0.05 && to !== from) pieces.push({ from, to, pts: run, length, line: li });
      from = to;
      run = [[x, y]];
    };
    for (let s = 0; s + 1 < pts.length; s++) {
      while (c < cuts.length && (cuts[c] as Split).seg === s) {
        const cut = cuts[c] as Split;
        close(cut.x, cut.y);
        c++;
      }
      const b = pts[s + 1] as [number, number];
      if (s + 2 < pts.length) run.push(b);
      else close(b[0], b[1]);
    }
  });

  // leave out islands: components far smaller than the network
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(k, r);
    return r;
  };
  for (const p of pieces) {
    const [a, b] = [find(p.from), find(p.to)];
    if (a !== b) parent.set(a, b);
  }
  const lengthOf = new Map<string, number>();
  let total = 0;
  for (const p of pieces) {
    const r = find(p.from);
    lengthOf.set(r, (lengthOf.get(r) ?? 0) + p.length);
    total += p.length;
  }
  const kept = pieces.filter((p) => (lengthOf.get(find(p.from)) ?? 0) >= total * ISLAND_SHARE);

  const used = new Set(kept.flatMap((p) => [p.from, p.to]));
  const ids = new Map([...used].map((k, i) => [k, String(i)]));
  const outNodes = new Map<string, [number, number]>();
  for (const k of used) {
    const [x, y] = nodes.get(k) as [number, number];
    outNodes.set(ids.get(k) as string, round(toLonLat(x, y)));
  }
  return {
    nodes: outNodes,
    edges: kept.map((p, i) => ({
      id: String(i),
      from: ids.get(p.from) as string,
      to: ids.get(p.to) as string,
      coordinates: p.pts.map(([x, y]) => round(toLonLat(x, y))),
      lengthM: Math.round(p.length * 100) / 100,
      highway: lines[p.line]?.highway ?? 'road',
      name: lines[p.line]?.name ?? null,
    })),
  };
}

const round = (p: [number, number]): [number, number] => [
  Math.round(p[0] * 1e7) / 1e7,
  Math.round(p[1] * 1e7) / 1e7,
];

/** where segment ab crosses segment cd: the point, and how far along each (0–1) */
function crossing(a: [number, number], b: [number, number], c: [number, number], d: [number, number]) {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (Math.abs(den) < 1e-12) return null; // parallel: overlapping streets are not junctions
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u, x: a[0] + t * rx, y: a[1] + t * ry };
}

/** the nearest point of segment ab to p: how far along (0–1) and how far away */
function project(p: [number, number], a: [number, number], b: [number, number]) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return { t, d: Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)) };
}
