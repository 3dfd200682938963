import { describe, expect, it } from 'vitest';
import { underservedIndex } from './underserved.ts';

const row = (
  id: string,
  share: number,
  density: number,
  seniors: number | null,
  lowIncome: number | null,
  degraded: number,
) => ({
  id,
  share,
  density,
  seniorsShare: seniors,
  lowIncomeShare: lowIncome,
  degradedShare: degraded,
});

describe('underserved index', () => {
  it('computes the documented formula from its parts', () => {
    const r = underservedIndex([row('a', 0.25, 5000, 0.3, 0.2, 0.5), row('b', 1, 2500, 0.15, 0.1, 0)], {
      gap: 0.5,
      density: 0.2,
      vulnerability: 0.3,
    });
    const a = r.get('a');
    // gap 0.75, density 1, vulnerability mean(1, 1, 0.5) = 0.8333
    expect(a?.components.gap).toBe(0.75);
    expect(a?.components.density).toBe(1);
    expect(a?.components.vulnerability).toBeCloseTo(0.833, 3);
    expect(a?.score).toBeCloseTo(100 * (0.5 * 0.75 + 0.2 * 1 + 0.3 * (2.5 / 3)), 1);
    // b: gap 0, density 0.5, vulnerability mean(0.5, 0.5, 0) = 1/3
    expect(r.get('b')?.score).toBeCloseTo(100 * (0.2 * 0.5 + 0.3 * (1 / 3)), 1);
    expect(r.get('b')?.priority).toBe('served');
    expect(a?.priority).toBe('very-high');
    expect(a?.rank).toBe(1);
  });

  it('leaves out what the census lacks, and splits priorities by fifths of those with a gap', () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`n${i}`, i / 10, 1000, null, null, 0));
    const r = underservedIndex(rows, { gap: 1, density: 0, vulnerability: 0 });
    expect(r.get('n0')?.components.vulnerability_parts).toEqual({ degraded_zones: 0 });
    const classes = rows.map((x) => r.get(x.id)?.priority);
    expect(classes).toEqual([
      'very-high',
      'very-high',
      'high',
      'high',
      'moderate',
      'moderate',
      'low',
      'low',
      'low',
      'low',
    ]);
  });
});
