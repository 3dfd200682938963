/** Plane geometry for the generator: a local metric frame around the town centre, and back to lon/lat. */
import type { Polygon, Position } from 'geojson';

const EARTH_RADIUS_M = 6_371_008.8;

/** Converts local metres (x east, y north) around `origin` to lon/lat, rounded to ~1 cm. */
export function makeProjection(origin: [number, number]) {
  const [lon0, lat0] = origin;
  const mPerDegLat = (Math.PI / 180) * EARTH_RADIUS_M;
  const mPerDegLon = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return {
    toLonLat: ([x, y]: readonly [number, number] | Position): [number, number] => [
      round(lon0 + (x as number) / mPerDegLon),
      round(lat0 + (y as number) / mPerDegLat),
    ],
    toMetres: ([lon, lat]: readonly [number, number]): [number, number] => [
      (lon - lon0) * mPerDegLon,
      (lat - lat0) * mPerDegLat,
    ],
  };
}
export type Projection = ReturnType<typeof makeProjection>;

export type XY = [number, number];

/** A closed ring (first = last) for a polygon in local metres. */
export function closeRing(points: XY[]): XY[] {
  const first = points[0];
  if (!first) throw new Error('empty ring');
  return [...points, [first[0], first[1]]];
}

/** Counter-clockwise rings are what RFC 7946 asks for outer rings. */
export function ensureCounterClockwise(ring: XY[]): XY[] {
  let area2 = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i] as XY;
    const b = ring[i + 1] as XY;
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  return area2 < 0 ? [...ring].reverse() : ring;
}

export function polygonArea(ring: XY[]): number {
  let area2 = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const a = ring[i] as XY;
    const b = ring[i + 1] as XY;
    area2 += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(area2) / 2;
}

export function pointInRing([x, y]: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as XY;
    const [xj, yj] = ring[j] as XY;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** An irregular blob: `n` vertices around a centre, radius varying by ±`wobble`. */
export function blob(centre: XY, radius: number, n: number, wobble: number, rnd: () => number, aspect = 1, rotation = 0): XY[] {
  const pts: XY[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * 2 * Math.PI;
    const r = radius * (1 - wobble + 2 * wobble * rnd());
    const x = r * Math.cos(t) * aspect;
    const y = (r * Math.sin(t)) / aspect;
    pts.push([
      centre[0] + x * Math.cos(rotation) - y * Math.sin(rotation),
      centre[1] + x * Math.sin(rotation) + y * Math.cos(rotation),
    ]);
  }
  return ensureCounterClockwise(closeRing(pts));
}

/** A rotated rectangle. */
export function rectangle(centre: XY, width: number, height: number, rotation: number): XY[] {
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const corners: XY[] = [
    [-width / 2, -height / 2],
    [width / 2, -height / 2],
    [width / 2, height / 2],
    [-width / 2, height / 2],
  ];
  return closeRing(corners.map(([x, y]) => [centre[0] + x * c - y * s, centre[1] + x * s + y * c]));
}

/** A band of width `width` around a polyline (used for the river): left side out, right side back. */
export function band(line: XY[], width: number): XY[] {
  const left: XY[] = [];
  const right: XY[] = [];
  for (let i = 0; i < line.length; i++) {
    const prev = line[Math.max(0, i - 1)] as XY;
    const next = line[Math.min(line.length - 1, i + 1)] as XY;
    const dx = next[0] - prev[0];
    const dy = next[1] - prev[1];
    const len = Math.hypot(dx, dy) || 1;
    const nx = -dy / len;
    const ny = dx / len;
    const p = line[i] as XY;
    left.push([p[0] + (nx * width) / 2, p[1] + (ny * width) / 2]);
    right.push([p[0] - (nx * width) / 2, p[1] - (ny * width) / 2]);
  }
  return ensureCounterClockwise(closeRing([...left, ...right.reverse()]));
}

export function toPolygon(ring: XY[], proj: Projection): Polygon {
  return { type: 'Polygon', coordinates: [ring.map((p) => proj.toLonLat(p))] };
}
