/**
 * The sea of an OpenStreetMap extract, built from its coastline.
 *
 * OpenStreetMap has no sea polygons: the sea is whatever lies on the right of the `natural=coastline`
 * ways (land on their left, by the convention of the data). An extract clipped by a bounding box
 * cuts the coastline open where it leaves the box, so the sea is rebuilt inside the box as
 * osmcoastline does for the whole world:
 *
 * 1. coastline ways are joined end to end by their shared nodes, in their own direction;
 * 2. each chain is cut into the runs of its nodes present in the extract and clipped to the box; a
 *    run that stops short of the box's edge (an extract that drops the nodes outside it) is carried
 *    to the nearest edge when it stops near one, and otherwise the coastline is broken;
 * 3. from where each piece leaves the box, the sea follows the box's edge clockwise to where the
 *    next piece enters it: the rings so closed have the sea inside them;
 * 4. closed coastline rings inside the box are islands (anticlockwise: land on their left, the
 *    holes of the sea around them) or enclosed seas (clockwise).
 *
 * A broken coastline (a run ending far from the edge, two pieces entering at one place) yields no
 * sea and a reason, never a guess: flooding the city is worse than a sea drawn as land.
 */

export type LonLat = [number, number];
export type Ring = LonLat[];
/** minimum lon, minimum lat, maximum lon, maximum lat */
export type Box = [number, number, number, number];

export interface CoastlineWay {
  id: number;
  refs: number[];
}

export type SeaResult = { ok: true; polygons: Ring[][] } | { ok: false; reason: string };

const M_PER_DEG = 111_320;

/** Joins directed ways whose last node is another's first; returns node-id chains. */
export function joinCoastline(ways: CoastlineWay[]): number[][] {
  const byFirst = new Map<number, CoastlineWay[]>();
  const ends = new Set<number>();
  for (const w of ways) {
    if (w.refs.length < 2) continue;
    const first = w.refs[0] as number;
    const starting = byFirst.get(first);
    if (starting) starting.push(w);
    else byFirst.set(first, [w]);
    ends.add(w.refs[w.refs.length - 1] as number);
  }
  const used = new Set<CoastlineWay>();
  const chains: number[][] = [];
  const grow = (start: CoastlineWay) => {
    used.add(start);
    const chain = [...start.refs];
    for (;;) {
      const last = chain[chain.length - 1] as number;
      if (last === chain[0]) break;
      const next = (byFirst.get(last) ?? []).find((w) => !used.has(w));
      if (!next) break;
      used.add(next);
      chain.push(...next.refs.slice(1));
    }
    chains.push(chain);
  };
  // chains that have a beginning first (a way whose first node ends no other way), then the rings
  for (const w of ways) if (!used.has(w) && w.refs.length >= 2 && !ends.has(w.refs[0] as number)) grow(w);
  for (const w of ways) if (!used.has(w) && w.refs.length >= 2) grow(w);
  return chains;
}

/** Twice the signed area (lon/lat): positive for an anticlockwise ring. */
export function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as LonLat;
    const [xj, yj] = ring[j] as LonLat;
    s += (xj - xi) * (yj + yi);
  }
  return s;
}

export function pointInRing([x, y]: LonLat, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as LonLat;
    const [xj, yj] = ring[j] as LonLat;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const inBox = ([x, y]: LonLat, [x0, y0, x1, y1]: Box) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

/** The part of segment a→b inside the box as parameters [t0, t1] of the segment (Liang–Barsky). */
function clipSegment(a: LonLat, b: LonLat, [x0, y0, x1, y1]: Box): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const checks: [number, number][] = [
    [-dx, a[0] - x0],
    [dx, x1 - a[0]],
    [-dy, a[1] - y0],
    [dy, y1 - a[1]],
  ];
  for (const [p, q] of checks) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return [t0, t1];
}

const lerp = (a: LonLat, b: LonLat, t: number): LonLat => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];

interface Piece {
  coords: Ring;
  /** whether the first / last position lies on the box's edge */
  enters: boolean;
  leaves: boolean;
}

/** Clips a line to the box: the pieces inside, each saying whether it crosses the edge at its ends. */
export function clipLine(line: Ring, box: Box): Piece[] {
  const pieces: Piece[] = [];
  let current: Piece | null = null;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1] as LonLat;
    const b = line[i] as LonLat;
    const part = clipSegment(a, b, box);
    if (!part) {
      current = null;
      continue;
    }
    const [t0, t1] = part;
    if (!current || t0 > 0) {
      current = { coords: [lerp(a, b, t0)], enters: t0 > 0, leaves: false };
      pieces.push(current);
    }
    current.coords.push(lerp(a, b, t1));
    if (t1 < 1) {
      current.leaves = true;
      current = null;
    }
  }
  return pieces.filter((p) => p.coords.length >= 2);
}

/** Distance in metres from a point inside the box to its nearest edge, and that edge's point. */
function nearestEdge([x, y]: LonLat, [x0, y0, x1, y1]: Box): { metres: number; at: LonLat } {
  const kx = M_PER_DEG * Math.cos((y * Math.PI) / 180);
  const options: { metres: number; at: LonLat }[] = [
    { metres: (x - x0) * kx, at: [x0, y] },
    { metres: (x1 - x) * kx, at: [x1, y] },
    { metres: (y - y0) * M_PER_DEG, at: [x, y0] },
    { metres: (y1 - y) * M_PER_DEG, at: [x, y1] },
  ];
  return options.reduce((best, o) => (o.metres < best.metres ? o : best));
}

/** Position along the box's edge, clockwise from its north-west corner (lon/lat units). */
function edgeParam([x, y]: LonLat, [x0, y0, x1, y1]: Box): number {
  const w = x1 - x0;
  const h = y1 - y0;
  const d = [Math.abs(y - y1), Math.abs(x - x1), Math.abs(y - y0), Math.abs(x - x0)];
  const edge = d.indexOf(Math.min(...d));
  if (edge === 0) return x - x0; // north, west to east
  if (edge === 1) return w + (y1 - y); // east, north to south
  if (edge === 2) return w + h + (x1 - x); // south, east to west
  return 2 * w + h + (y - y0); // west, south to north
}

/** The box's corners passed going clockwise from edge position `from` to `to`. */
function cornersBetween(from: number, to: number, [x0, y0, x1, y1]: Box): Ring {
  const w = x1 - x0;
  const h = y1 - y0;
  const perimeter = 2 * (w + h);
  const corners: [number, LonLat][] = [
    [0, [x0, y1]],
    [w, [x1, y1]],
    [w + h, [x1, y0]],
    [2 * w + h, [x0, y0]],
  ];
  const span = (((to - from) % perimeter) + perimeter) % perimeter;
  return corners
    .map(([t, c]) => [(((t - from) % perimeter) + perimeter) % perimeter, c] as [number, LonLat])
    .filter(([d]) => d > 0 && d < span)
    .sort((a, b) => a[0] - b[0])
    .map(([, c]) => c);
}

/**
 * The sea inside `box` from coastline ways. `coords` gives a node's position, or nothing for a
 * node outside the extract. `snapMetres`: how far from the edge a cut-off run may stop and still
 * be carried to it (default: a quarter of the box's shorter side, at most 1 km).
 */
export function seaFromCoastline(
  ways: CoastlineWay[],
  coords: (ref: number) => LonLat | undefined,
  box: Box,
  opts: { snapMetres?: number } = {},
): SeaResult {
  const [x0, y0, x1, y1] = box;
  if (!(x1 > x0 && y1 > y0)) return { ok: false, reason: 'the extract has no extent' };
  const midLat = (y0 + y1) / 2;
  const shorter = Math.min((x1 - x0) * M_PER_DEG * Math.cos((midLat * Math.PI) / 180), (y1 - y0) * M_PER_DEG);
  const snap = opts.snapMetres ?? Math.min(1000, shorter / 4);

  const pieces: Piece[] = [];
  const closed: Ring[] = [];
  for (let chain of joinCoastline(ways)) {
    const isRing = chain.length >= 4 && chain[0] === chain[chain.length - 1];
    if (isRing) {
      // a ring is cut where it is away: it starts again at a node outside the extract or the box
      const open = chain.slice(0, -1);
      const away = open.findIndex((r) => {
        const p = coords(r);
        return !p || !inBox(p, box);
      });
      if (away < 0) {
        closed.push(open.map((r) => coords(r) as LonLat).concat([coords(chain[0] as number) as LonLat]));
        continue;
      }
      chain = [...open.slice(away), ...open.slice(0, away), open[away] as number];
    }
    const runs: Ring[] = [[]];
    for (const r of chain) {
      const p = coords(r);
      if (p) (runs[runs.length - 1] as Ring).push(p);
      else if ((runs[runs.length - 1] as Ring).length) runs.push([]);
    }
    const present = runs.filter((r) => r.length >= 2);
    for (const run of present) pieces.push(...clipLine(run, box));
  }

  // a piece cut off inside the box is carried to the nearest edge, if it stopped near one
  for (const p of pieces) {
    for (const end of ['start', 'end'] as const) {
      if (end === 'start' ? p.enters : p.leaves) continue;
      const at = end === 'start' ? (p.coords[0] as LonLat) : (p.coords[p.coords.length - 1] as LonLat);
      const near = nearestEdge(at, box);
      if (near.metres > snap)
        return {
          ok: false,
          reason: `the coastline stops ${Math.round(near.metres)} m inside the extract at ${at[0].toFixed(6)},${at[1].toFixed(6)}, farther than ${Math.round(snap)} m from its edge`,
        };
      if (end === 'start') {
        p.coords.unshift(near.at);
        p.enters = true;
      } else {
        p.coords.push(near.at);
        p.leaves = true;
      }
    }
  }

  // walk: a piece, then the edge clockwise to the next piece's entry, until back at the first
  const entries = pieces.map((p) => edgeParam(p.coords[0] as LonLat, box));
  const exits = pieces.map((p) => edgeParam(p.coords[p.coords.length - 1] as LonLat, box));
  const perimeter = 2 * (x1 - x0 + (y1 - y0));
  const next = exits.map((e, i) => {
    let best = -1;
    let bestD = Infinity;
    entries.forEach((s, j) => {
      let d = (((s - e) % perimeter) + perimeter) % perimeter;
      if (j === i && d === 0) d = perimeter; // a piece leaving exactly where it entered goes round
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return best;
  });
  if (new Set(next).size !== next.length)
    return {
      ok: false,
      reason: 'the coastline crosses itself or runs the wrong way: two pieces meet at one place',
    };

  const seaRings: Ring[] = [];
  const used = new Set<number>();
  for (let start = 0; start < pieces.length; start++) {
    if (used.has(start)) continue;
    const ring: Ring = [];
    let i = start;
    do {
      used.add(i);
      const j = next[i] as number;
      ring.push(
        ...(pieces[i] as Piece).coords,
        ...cornersBetween(exits[i] as number, entries[j] as number, box),
      );
      i = j;
    } while (i !== start);
    ring.push(ring[0] as LonLat);
    seaRings.push(ring.reverse()); // clockwise (the sea on the right) → anticlockwise exterior
  }

  const islands = closed.filter((r) => signedArea(r) > 0);
  const enclosedSeas = closed.filter((r) => signedArea(r) < 0).map((r) => [...r].reverse());
  // only islands in the box: the sea is all around them
  if (!pieces.length && islands.length)
    seaRings.push([
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ]);
  const polygons: Ring[][] = [...seaRings, ...enclosedSeas].map((outer) => [outer]);
  for (const island of islands) {
    const home = polygons.find((poly) => pointInRing(island[0] as LonLat, poly[0] as Ring));
    home?.push([...island].reverse());
  }
  return { ok: true, polygons };
}

/** Share of `points` that fall in the sea: a coastline that floods the streets is not drawn. */
export function shareInSea(points: LonLat[], polygons: Ring[][]): number {
  if (!points.length) return 0;
  let wet = 0;
  for (const p of points)
    if (
      polygons.some(
        (poly) => pointInRing(p, poly[0] as Ring) && !poly.slice(1).some((h) => pointInRing(p, h)),
      )
    )
      wet++;
  return wet / points.length;
}

/** A sea that would put more than this share of the streets under water is a broken coastline. */
export const MAX_STREETS_IN_SEA = 0.2;

/**
 * The sea of an extract, checked against its streets (a sample of their nodes): bridges and piers
 * stand in the sea, streets do not, so a sea over more than a fifth of them is a coastline broken
 * or running the wrong way, and is refused.
 */
export function seaBesideStreets(
  ways: CoastlineWay[],
  coords: (ref: number) => LonLat | undefined,
  box: Box,
  streets: LonLat[],
  opts: { snapMetres?: number } = {},
): SeaResult {
  const sea = seaFromCoastline(ways, coords, box, opts);
  if (!sea.ok) return sea;
  const wet = shareInSea(streets, sea.polygons);
  if (wet > MAX_STREETS_IN_SEA)
    return {
      ok: false,
      reason: `it would put ${Math.round(wet * 100)} % of the streets under water (the coastline is broken or runs the wrong way)`,
    };
  return sea;
}
