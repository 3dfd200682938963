/**
 * Class breaks for the choropleth: quantiles (each class holds about as many neighbourhoods),
 * with as many classes as there are distinct values, up to five; and the metrics one can map.
 */
import type { PlannerRow } from './api.ts';
import type { Formats } from './i18n.ts';

export type MetricId =
  | 'score'
  | 'share'
  | 'beyond'
  | 'sites_per_1000'
  | 'park_ha_per_1000'
  | 'centre_distance_m'
  | 'density_per_km2'
  | 'reach'
  | 'proposals'
  | 'needs'
  | 'supports';

export interface MetricDef {
  id: MetricId;
  /** true: a higher value means more need (drawn in reds); false: more provision (greens) */
  need: boolean;
  format: (v: number, f: Formats) => string;
}

const int = (v: number, f: Formats) => f.num(v);
const pct = (v: number, f: Formats) => f.pct(v);
const dec = (v: number, f: Formats) => f.num(v, 2);
const pctFine = (v: number, f: Formats) => f.pctFine(v);

/** the measures one can map; their names are the planner's `metrics.{id}` strings */
export const METRICS: MetricDef[] = [
  { id: 'score', need: true, format: dec },
  { id: 'share', need: false, format: pct },
  { id: 'beyond', need: true, format: int },
  { id: 'sites_per_1000', need: false, format: dec },
  { id: 'park_ha_per_1000', need: false, format: dec },
  { id: 'centre_distance_m', need: true, format: int },
  { id: 'density_per_km2', need: true, format: int },
  // reach and what residents started (server/reach/figures.ts)
  { id: 'reach', need: false, format: pctFine },
  { id: 'proposals', need: false, format: int },
  { id: 'needs', need: true, format: int },
  { id: 'supports', need: false, format: int },
];

const NEED = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
const PROVISION = ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c'];

export function metricValue(r: PlannerRow, m: MetricId): number | null {
  const v = r[m];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** upper bounds of each class but the last, ascending, and the colour of each class */
export function quantileBreaks(
  values: number[],
  need: boolean,
): { breaks: number[]; colors: string[]; min: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  const n = Math.min(5, distinct.length);
  const palette = need ? NEED : PROVISION;
  if (n <= 1)
    return {
      breaks: [],
      colors: [palette[2] as string],
      min: sorted[0] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    };
  const breaks: number[] = [];
  for (let k = 1; k < n; k++) {
    const b = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / n))] as number;
    // a break at the minimum would make an empty first class ("0 – < 0"), as many neighbourhoods at 0 do
    if (b > (sorted[0] as number) && (!breaks.length || b > (breaks[breaks.length - 1] as number))) breaks.push(b);
  }
  const colors = pick(palette, breaks.length + 1);
  return { breaks, colors, min: sorted[0] as number, max: sorted[sorted.length - 1] as number };
}

function pick(palette: string[], k: number): string[] {
  if (k >= palette.length) return palette;
  return Array.from(
    { length: k },
    (_, i) => palette[Math.round((i * (palette.length - 1)) / Math.max(1, k - 1))] as string,
  );
}

/** the class of a value: values below the first break are class 0 */
export function classOf(v: number, breaks: number[]): number {
  let c = 0;
  while (c < breaks.length && v >= (breaks[c] as number)) c++;
  return c;
}
