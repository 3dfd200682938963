/**
 * The sea rebuilt from coastline ways inside an extract's box (server/import/coastline.ts): land on
 * the coastline's left, the sea on its right, islands as holes, cut-off coastlines carried to the
 * edge only when they stop near it, and a broken coastline refused rather than drawn.
 */
import { describe, expect, it } from 'vitest';
import {
  type Box,
  type LonLat,
  pointInRing,
  type Ring,
  seaBesideStreets,
  seaFromCoastline,
  shareInSea,
  signedArea,
} from '../../server/import/coastline.ts';

const BOX: Box = [0, 0, 10, 10];

/** nodes numbered from 1 in the order given; `missing` ones are outside the extract */
function nodes(points: LonLat[], missing: number[] = []) {
  const map = new Map<number, LonLat>();
  points.forEach((p, i) => {
    if (!missing.includes(i + 1)) map.set(i + 1, p);
  });
  return (ref: number) => map.get(ref);
}

const area = (polygons: Ring[][]) =>
  polygons.reduce(
    (s, [outer, ...holes]) =>
      s + signedArea(outer as Ring) / 2 - holes.reduce((h, r) => h + Math.abs(signedArea(r)) / 2, 0),
    0,
  );

const wet = (p: LonLat, polygons: Ring[][]) => shareInSea([p], polygons) === 1;

function sea(...args: Parameters<typeof seaFromCoastline>): Ring[][] {
  const r = seaFromCoastline(...args);
  if (!r.ok) throw new Error(r.reason);
  return r.polygons;
}

describe('the sea from the coastline', () => {
  it('keeps the right of a coastline crossing the box: heading east, the sea is south', () => {
    const pts: LonLat[] = [
      [-1, 5],
      [4, 5.5],
      [11, 5],
    ];
    const polygons = sea([{ id: 1, refs: [1, 2, 3] }], nodes(pts), BOX);
    expect(polygons).toHaveLength(1);
    expect(wet([5, 2], polygons)).toBe(true);
    expect(wet([5, 8], polygons)).toBe(false);
    // exterior rings anticlockwise, as GeoJSON wants
    expect(signedArea(polygons[0]?.[0] as Ring)).toBeGreaterThan(0);
    // below the line between x = 0 (y 5.1) and x = 10 (y 5.5 − 0.5·6/7), through (4, 5.5)
    const yAt10 = 5.5 - (0.5 * 6) / 7;
    expect(area(polygons)).toBeCloseTo(((5.1 + 5.5) / 2) * 4 + ((5.5 + yAt10) / 2) * 6, 6);

    const north = sea([{ id: 1, refs: [3, 2, 1] }], nodes(pts), BOX);
    expect(wet([5, 8], north)).toBe(true);
    expect(wet([5, 2], north)).toBe(false);
    expect(area(north) + area(polygons)).toBeCloseTo(100, 6);
  });

  it('joins the ways of one coastline end to end, whatever their order in the file', () => {
    const pts: LonLat[] = [
      [-1, 5],
      [3, 5],
      [7, 5],
      [11, 5],
    ];
    const polygons = sea(
      [
        { id: 2, refs: [3, 4] },
        { id: 1, refs: [1, 2, 3] },
      ],
      nodes(pts),
      BOX,
    );
    expect(area(polygons)).toBeCloseTo(50, 6);
  });

  it('makes islands holes in the sea around them, and a box with only islands is sea', () => {
    const island: LonLat[] = [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
    ];
    const only = sea([{ id: 1, refs: [1, 2, 3, 4, 1] }], nodes(island), BOX);
    expect(area(only)).toBeCloseTo(100 - 4, 6);
    expect(wet([5, 5], only)).toBe(false);
    expect(wet([1, 1], only)).toBe(true);

    // an island south of a coast that runs east: a hole in the southern sea
    const pts: LonLat[] = [[-1, 8], [11, 8], ...island.map(([x, y]) => [x, y - 2] as LonLat)];
    const both = sea(
      [
        { id: 1, refs: [1, 2] },
        { id: 2, refs: [3, 4, 5, 6, 3] },
      ],
      nodes(pts),
      BOX,
    );
    expect(both).toHaveLength(1);
    expect(both[0]).toHaveLength(2);
    expect(area(both)).toBeCloseTo(80 - 4, 6);
    expect(wet([5, 3], both)).toBe(false);
    expect(wet([5, 9], both)).toBe(false);
  });

  it('clips a coastline ring that crosses the box, and a bay that enters and leaves it twice', () => {
    // a large island whose south-west corner reaches into the box: sea everywhere else
    const island: LonLat[] = [
      [5, 5],
      [20, 5],
      [20, 20],
      [5, 20],
    ];
    const clipped = sea([{ id: 1, refs: [1, 2, 3, 4, 1] }], nodes(island), BOX);
    expect(area(clipped)).toBeCloseTo(100 - 25, 6);
    expect(wet([7, 7], clipped)).toBe(false);

    // a coast along the north edge with a peninsula dipping out of the box and back
    const coast: LonLat[] = [
      [-1, 8],
      [3, 8],
      [3, -2],
      [6, -2],
      [6, 8],
      [11, 8],
    ];
    const bays = sea([{ id: 1, refs: [1, 2, 3, 4, 5, 6] }], nodes(coast), BOX);
    expect(bays).toHaveLength(2);
    expect(area(bays)).toBeCloseTo(3 * 8 + 4 * 8, 6);
    expect(wet([4.5, 4], bays)).toBe(false);
  });

  it('carries a coastline cut off near the edge to it, and refuses one that stops far inside', () => {
    // the extract dropped the nodes outside the box: the coast stops 0.2 short of each side
    const pts: LonLat[] = [
      [-5, 5],
      [0.2, 5],
      [9.8, 5],
      [15, 5],
    ];
    const cut = sea([{ id: 1, refs: [1, 2, 3, 4] }], nodes(pts, [1, 4]), BOX, { snapMetres: 50_000 });
    expect(area(cut)).toBeCloseTo(50, 6);

    const far: LonLat[] = [
      [-5, 5],
      [4, 5],
      [9.8, 5],
      [15, 5],
    ];
    const refused = seaFromCoastline([{ id: 1, refs: [1, 2, 3, 4] }], nodes(far, [1, 4]), BOX, {
      snapMetres: 50_000,
    });
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.reason).toMatch(/stops \d+ m inside the extract/);
  });

  it('refuses a coastline whose pieces meet at one place rather than guess', () => {
    // two coasts entering the box at the same point, both running east
    const pts: LonLat[] = [
      [-1, 5],
      [5, 5],
      [11, 5],
      [5, 3],
      [11, 3],
    ];
    const r = seaFromCoastline(
      [
        { id: 1, refs: [1, 2, 3] },
        { id: 2, refs: [1, 4, 5] },
      ],
      nodes(pts),
      BOX,
    );
    expect(r.ok).toBe(false);
  });

  it('refuses a sea that would put the streets under water: a coastline drawn the wrong way', () => {
    const pts: LonLat[] = [
      [-1, 5],
      [11, 5],
    ];
    // streets on the northern half, as the coast heading east says: land to the north
    const streets: LonLat[] = Array.from({ length: 20 }, (_, i) => [0.25 + i / 2, 6 + (i % 4)] as LonLat);
    expect(seaBesideStreets([{ id: 1, refs: [1, 2] }], nodes(pts), BOX, streets).ok).toBe(true);
    const reversed = seaBesideStreets([{ id: 1, refs: [2, 1] }], nodes(pts), BOX, streets);
    expect(reversed.ok ? '' : reversed.reason).toMatch(/100 % of the streets under water/);
  });

  it('counts the share of points under water, minding the islands', () => {
    const polygons: Ring[][] = [
      [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [4, 6],
          [6, 6],
          [6, 4],
          [4, 4],
        ],
      ],
    ];
    expect(
      shareInSea(
        [
          [1, 1],
          [5, 5],
          [20, 20],
          [9, 9],
        ],
        polygons,
      ),
    ).toBe(0.5);
    expect(pointInRing([5, 5], polygons[0]?.[1] as Ring)).toBe(true);
  });
});
