/**
 * Where the planner writes a neighbourhood's name (its map's labels and the printed profile's
 * map): inside the shape, well away from its edges — also for a bent shape whose centroid lies
 * outside it, and for a multipolygon (in its largest part). Checked against hand-worked shapes.
 */
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { boxOf, labelPoint } from '../../web/planner/geometry.ts';

/** an L: a 10 × 2 bar along the bottom and a 2 × 10 bar up the left (degrees near the equator) */
const L: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 2],
      [2, 2],
      [2, 10],
      [0, 10],
      [0, 0],
    ],
  ],
};

describe('planner geometry', () => {
  it('puts the name of a bent shape inside it, not at its centroid (which lies outside)', () => {
    // the L's centroid, (2.67, 2.67), is in the notch
    const [x, y] = labelPoint(L) ?? [Number.NaN, Number.NaN];
    const inBottomBar = x > 0 && x < 10 && y > 0 && y < 2;
    const inLeftBar = x > 0 && x < 2 && y > 0 && y < 10;
    expect(inBottomBar || inLeftBar).toBe(true);
    // at least most of the way to the middle of a bar (1 from each long edge)
    const fromEdge = inBottomBar ? Math.min(y, 2 - y) : Math.min(x, 2 - x);
    expect(fromEdge).toBeGreaterThan(0.8);
  });

  it('names a multipolygon in its largest part, and a point has no place for a name', () => {
    const small = [
      [
        [20, 20],
        [21, 20],
        [21, 21],
        [20, 21],
        [20, 20],
      ],
    ];
    const big = [
      [
        [0, 0],
        [6, 0],
        [6, 6],
        [0, 6],
        [0, 0],
      ],
    ];
    const [x, y] = labelPoint({ type: 'MultiPolygon', coordinates: [small, big] }) ?? [0, 0];
    expect(Math.abs(x - 3)).toBeLessThan(0.3);
    expect(Math.abs(y - 3)).toBeLessThan(0.3);
    expect(labelPoint({ type: 'Point', coordinates: [1, 1] })).toBeNull();
    expect(boxOf([L, null])).toEqual([0, 0, 10, 10]);
  });
});
