/** The walk graph made from street centrelines: crossings, T-junctions, islands, the river. */
import { describe, expect, it } from 'vitest';
import { type StreetLine, streetGraph } from './street-graph.ts';

// a small town near 49.25° N: 1e-5° of latitude ≈ 1.11 m
const LAT = 49.25;
const LON = -123.1;
const M_LAT = 1 / 110_574;
const M_LON = 1 / (111_320 * Math.cos((LAT * Math.PI) / 180));
/** [lon, lat] of a point x m east and y m north of the origin */
const at = (x: number, y: number): [number, number] => [LON + x * M_LON, LAT + y * M_LAT];
const street = (pts: [number, number][], highway = 'residential', name = 'A Street'): StreetLine => ({
  coordinates: pts.map(([x, y]) => at(x, y)),
  highway,
  name,
});

describe('streetGraph', () => {
  it('splits two crossing streets into four edges meeting at one junction', () => {
    const g = streetGraph([
      street([
        [-200, 0],
        [200, 0],
      ]),
      street([
        [0, -100],
        [0, 300],
      ]),
    ]);
    expect(g.edges).toHaveLength(4);
    expect(g.nodes.size).toBe(5);
    const lengths = g.edges.map((e) => Math.round(e.lengthM)).sort((a, b) => a - b);
    expect(lengths).toEqual([100, 200, 200, 300]);
    // the four meet at the same node
    const degree = new Map<string, number>();
    for (const e of g.edges) for (const n of [e.from, e.to]) degree.set(n, (degree.get(n) ?? 0) + 1);
    expect([...degree.values()].sort()).toEqual([1, 1, 1, 1, 4]);
  });

  it('joins a street that ends on another (or a metre short of it)', () => {
    const g = streetGraph([
      street([
        [-200, 0],
        [0, 0],
        [200, 0],
      ]),
      street([
        [50, 1.2],
        [50, 150],
      ]),
    ]);
    expect(g.edges).toHaveLength(3);
    const side = g.edges.find((e) => Math.round(e.lengthM) === 149);
    const main = g.edges.filter((e) => e !== side);
    expect(main.map((e) => Math.round(e.lengthM)).sort()).toEqual([150, 250]);
    // the side street's end is the main street's junction
    const junction = main.map((e) => [e.from, e.to]).reduce((a, b) => a.filter((n) => b.includes(n)));
    expect(junction).toHaveLength(1);
    expect([side?.from, side?.to]).toContain(junction[0]);
  });

  it('leaves out a path alone in a park, and does not join streets across a river', () => {
    const grid: StreetLine[] = [];
    for (let i = 0; i <= 4; i++) {
      // north–south streets stop 10 m short of a river along y = 500, except the bridge at x = 400
      grid.push(
        street([
          [i * 200, 0],
          [i * 200, i === 2 ? 1000 : 490],
        ]),
      );
      if (i !== 2)
        grid.push(
          street([
            [i * 200, 510],
            [i * 200, 1000],
          ]),
        );
    }
    for (const y of [0, 250, 750, 1000])
      grid.push(
        street([
          [0, y],
          [800, y],
        ]),
      );
    const path = street(
      [
        [80, 90],
        [120, 160],
      ],
      'footway',
      '',
    );
    const g = streetGraph([...grid, path]);
    expect(g.edges.some((e) => e.highway === 'footway')).toBe(false);
    // one network, which crosses the river only on the bridge
    const crossing = g.edges.filter((e) => {
      const lats = e.coordinates.map((c) => c[1]);
      return Math.min(...lats) < at(0, 495)[1] && Math.max(...lats) > at(0, 505)[1];
    });
    expect(crossing).toHaveLength(1);
    expect(Math.round((crossing[0]?.coordinates[0]?.[0] ?? 0) * 1e6)).toBe(Math.round(at(400, 0)[0] * 1e6));
  });

  it('gives nothing for no streets', () => {
    expect(streetGraph([]).edges).toEqual([]);
  });
});
