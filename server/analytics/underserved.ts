/**
 * The underserved index: a transparent score per neighbourhood, shown to the planner with its
 * formula. Three parts, each between 0 and 1:
 *
 *   gap           = share of the audience beyond the walking threshold (1 − coverage)
 *   density       = residents per km² ÷ the densest neighbourhood's
 *   vulnerability = mean of the parts the data has: share aged 65+ ÷ the highest share,
 *                   low-income share ÷ the highest (when the census has it), and the share of the
 *                   neighbourhood's area inside designated degraded zones
 *
 *   score = 100 × (w_gap·gap + w_density·density + w_vulnerability·vulnerability) / (w_gap + w_density + w_vulnerability)
 *
 * Priority classes, like ParkServe's, rank the neighbourhoods that have a gap: the top fifth by
 * score is "very-high", the next fifth "high", the next fifth "moderate", the rest "low"; a
 * neighbourhood whose whole audience is within reach is "served".
 */

export interface Weights {
  gap: number;
  density: number;
  vulnerability: number;
}
export const DEFAULT_WEIGHTS: Weights = { gap: 0.5, density: 0.2, vulnerability: 0.3 };

export type PriorityClass = 'very-high' | 'high' | 'moderate' | 'low' | 'served';
export const PRIORITY_CLASSES: PriorityClass[] = ['very-high', 'high', 'moderate', 'low', 'served'];

export interface IndexInput {
  id: string;
  share: number;
  density: number;
  seniorsShare: number | null;
  lowIncomeShare: number | null;
  degradedShare: number;
}

export interface IndexResult {
  score: number;
  priority: PriorityClass;
  rank: number;
  components: {
    gap: number;
    density: number;
    vulnerability: number;
    vulnerability_parts: Record<string, number>;
  };
}

export const FORMULA =
  'score = 100 × (w_gap·gap + w_density·density + w_vulnerability·vulnerability) / (w_gap + w_density + w_vulnerability); ' +
  'gap = 1 − share within reach; density = residents per km² ÷ the highest; ' +
  'vulnerability = mean of (share aged 65+ ÷ the highest, low-income share ÷ the highest where the census has it, share of area in degraded zones); ' +
  'priority: among neighbourhoods with a gap, the top fifth by score is very high, the next fifth high, the next fifth moderate, the rest low; no gap = served';

export function underservedIndex(rows: IndexInput[], weights: Weights): Map<string, IndexResult> {
  const max = (f: (r: IndexInput) => number | null) => Math.max(0, ...rows.map((r) => f(r) ?? 0));
  const maxDensity = max((r) => r.density);
  const maxSeniors = max((r) => r.seniorsShare);
  const maxLowIncome = max((r) => r.lowIncomeShare);
  const wSum = weights.gap + weights.density + weights.vulnerability;
  const out = new Map<string, IndexResult>();
  for (const r of rows) {
    const parts: Record<string, number> = {};
    if (r.seniorsShare !== null && maxSeniors > 0) parts.seniors = r.seniorsShare / maxSeniors;
    if (r.lowIncomeShare !== null && maxLowIncome > 0) parts.low_income = r.lowIncomeShare / maxLowIncome;
    parts.degraded_zones = r.degradedShare;
    const vals = Object.values(parts);
    const vulnerability = vals.reduce((s, v) => s + v, 0) / vals.length;
    const gap = Math.min(1, Math.max(0, 1 - r.share));
    const density = maxDensity > 0 ? r.density / maxDensity : 0;
    const score =
      wSum > 0
        ? (100 * (weights.gap * gap + weights.density * density + weights.vulnerability * vulnerability)) /
          wSum
        : 0;
    out.set(r.id, {
      score: Math.round(score * 10) / 10,
      priority: 'served',
      rank: 0,
      components: {
        gap: round3(gap),
        density: round3(density),
        vulnerability: round3(vulnerability),
        vulnerability_parts: mapValues(parts, round3),
      },
    });
  }
  const ranked = [...out.entries()].sort((a, b) => b[1].score - a[1].score || a[0].localeCompare(b[0]));
  ranked.forEach(([, r], i) => {
    r.rank = i + 1;
  });
  const withGap = ranked.filter(([, r]) => r.components.gap > 0);
  withGap.forEach(([, r], i) => {
    const q = i / withGap.length;
    r.priority = q < 0.2 ? 'very-high' : q < 0.4 ? 'high' : q < 0.6 ? 'moderate' : 'low';
  });
  return out;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
function mapValues(o: Record<string, number>, f: (v: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}
