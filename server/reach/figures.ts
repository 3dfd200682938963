/**
 * Reach (docs/PLANNER.md, "Reach"): the participation counts of an audience per home
 * neighbourhood against the neighbourhood's residents of that audience, the town's figure, the
 * neighbourhoods where reach is lowest ("unreached"), and what residents started there: published
 * proposals and needs and their supports.
 *
 * Which counts are an audience's: for "everyone" every row; for another audience the rows of that
 * audience, and the rows of one of its census age bands (data/taxonomy/audiences.json, the same
 * bands the planner's access figures use). Its residents: the neighbourhood's census population
 * times the share of those bands (server/analytics/metrics.ts audiencePopulation); an audience the
 * census does not count (newcomers…) is measured against the whole population, and says so.
 */
import { type Kysely, sql } from 'kysely';
import { type AudienceDef, audienceDef, audiencePopulation } from '../analytics/metrics.ts';
import type { DB } from '../db/schema.ts';
import { MEASURES, type Measure } from './import.ts';

export interface ReachQuery {
  audience: string;
  measure?: Measure;
  from?: string;
  to?: string;
  lang?: string;
}

export interface ReachRow {
  id: string;
  name: string;
  population: number;
  audience_population: number;
  participants: number;
  /** participants ÷ audience_population, 4 decimals; null when nobody of the audience lives there */
  reach: number | null;
  /** 1 = the lowest reach; null without residents of the audience */
  rank: number | null;
  /** residents of the audience minus participants, at least 0 */
  not_reached: number;
  proposals: number;
  needs: number;
  supports: number;
}

export interface ReachAnswer {
  audience: string;
  audience_age_bands: string[];
  /** true when the census has no age band for the audience: the whole population is counted */
  whole_population: boolean;
  measure: Measure;
  /** the measures present in the counts of the period */
  measures_available: Measure[];
  from: string | null;
  to: string | null;
  /** count rows taken (of the measure, audience and period) */
  rows: number;
  town: { participants: number; audience_population: number; reach: number | null; not_reached: number };
  /** participants of rows without a home neighbourhood: in the town's figure only */
  without_neighbourhood: number;
  note: string;
  neighbourhoods: ReachRow[];
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/** participation counts per home neighbourhood ('' = none) of the audience, measure and period */
async function counts(
  db: Kysely<DB>,
  tenantId: number,
  a: AudienceDef,
  measure: Measure,
  from: string | undefined,
  to: string | undefined,
) {
  const everyone = a.code === 'everyone';
  const rows = await sql<{ area: string | null; total: string | number; rows: string | number }>`
    SELECT home_area_id::text AS area, sum(count) AS total, count(*) AS rows
    FROM participation_count
    WHERE tenant_id = ${tenantId} AND measure = ${measure}
      AND (${from ?? null}::date IS NULL OR period_end >= ${from ?? null}::date)
      AND (${to ?? null}::date IS NULL OR period_start <= ${to ?? null}::date)
      AND (${everyone} OR audience = ${a.code} OR age_band = ANY(${a.age_bands}::text[]))
    GROUP BY home_area_id`.execute(db);
  return rows.rows;
}

async function measuresPresent(
  db: Kysely<DB>,
  tenantId: number,
  from?: string,
  to?: string,
): Promise<Measure[]> {
  const rows = await sql<{ measure: Measure }>`
    SELECT DISTINCT measure FROM participation_count
    WHERE tenant_id = ${tenantId}
      AND (${from ?? null}::date IS NULL OR period_end >= ${from ?? null}::date)
      AND (${to ?? null}::date IS NULL OR period_start <= ${to ?? null}::date)`.execute(db);
  const present = new Set(rows.rows.map((r) => r.measure));
  return MEASURES.filter((m) => present.has(m));
}

/**
 * published proposals and needs per neighbourhood (their assigned neighbourhood, else the one
 * their point lies in) and the confirmed supports of those, summed
 */
export async function residentActivity(
  db: Kysely<DB>,
  tenantId: number,
): Promise<Map<string, { proposals: number; needs: number; supports: number }>> {
  const rows = await sql<{
    area: string;
    kind: 'proposal' | 'need';
    items: string | number;
    supports: string | number;
  }>`
    WITH items AS (
      SELECT 'proposal' AS kind, p.id,
        COALESCE(p.area_id, (SELECT a.id FROM area a WHERE a.tenant_id = p.tenant_id AND a.kind = 'neighbourhood'
          AND p.geom IS NOT NULL AND ST_Intersects(a.geom, p.geom) ORDER BY a.id LIMIT 1)) AS area
      FROM proposal p WHERE p.tenant_id = ${tenantId} AND p.status = 'published'
      UNION ALL
      SELECT 'need' AS kind, n.id,
        COALESCE(n.area_id, (SELECT a.id FROM area a WHERE a.tenant_id = n.tenant_id AND a.kind = 'neighbourhood'
          AND ST_Intersects(a.geom, n.geom) ORDER BY a.id LIMIT 1)) AS area
      FROM need n WHERE n.tenant_id = ${tenantId} AND n.status = 'published'
    )
    , backed AS (
      SELECT s.target_type AS kind, s.target_id AS id, count(*) AS n FROM support s
      WHERE s.tenant_id = ${tenantId} AND s.status = 'confirmed'
      GROUP BY s.target_type, s.target_id
    )
    SELECT i.area::text AS area, i.kind, count(*) AS items, COALESCE(sum(b.n), 0) AS supports
    FROM items i LEFT JOIN backed b ON b.kind = i.kind AND b.id = i.id
    WHERE i.area IS NOT NULL
    GROUP BY i.area, i.kind`.execute(db);
  const out = new Map<string, { proposals: number; needs: number; supports: number }>();
  for (const r of rows.rows) {
    const o = out.get(r.area) ?? { proposals: 0, needs: 0, supports: 0 };
    if (r.kind === 'proposal') o.proposals += Number(r.items);
    else o.needs += Number(r.items);
    o.supports += Number(r.supports);
    out.set(r.area, o);
  }
  return out;
}

export async function reachFigures(db: Kysely<DB>, tenantId: number, q: ReachQuery): Promise<ReachAnswer> {
  const a = audienceDef(q.audience);
  const available = await measuresPresent(db, tenantId, q.from, q.to);
  // without a measure asked for: participants (people) when the counts have them, else the first there is
  const chosen: Measure =
    q.measure ?? (available.includes('participants') ? 'participants' : (available[0] ?? 'participants'));
  const [byArea, areas, activity] = await Promise.all([
    counts(db, tenantId, a, chosen, q.from, q.to),
    db
      .selectFrom('area')
      .select(['id', 'name', 'names', 'population', 'population_by_age'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'neighbourhood')
      .orderBy('name')
      .execute(),
    residentActivity(db, tenantId),
  ]);
  const participantsOf = new Map(byArea.map((r) => [r.area ?? '', Number(r.total)]));
  const rowsTaken = byArea.reduce((s, r) => s + Number(r.rows), 0);
  const base = areas.map((ar) => {
    const population = ar.population ?? 0;
    const audiencePop = audiencePopulation(a, population, ar.population_by_age);
    const participants = participantsOf.get(ar.id) ?? 0;
    const act = activity.get(ar.id) ?? { proposals: 0, needs: 0, supports: 0 };
    return {
      id: ar.id,
      name: (q.lang ? ar.names?.[q.lang] : undefined) ?? ar.name,
      population,
      audiencePop,
      participants,
      reach: audiencePop > 0 ? participants / audiencePop : null,
      ...act,
    };
  });
  // rank 1: the lowest reach; ties: more residents not reached first, then by name
  const ranked = base
    .filter((r) => r.reach !== null)
    .sort(
      (x, y) =>
        (x.reach as number) - (y.reach as number) ||
        y.audiencePop - y.participants - (x.audiencePop - x.participants) ||
        x.name.localeCompare(y.name),
    );
  const rankOf = new Map(ranked.map((r, i) => [r.id, i + 1]));
  const neighbourhoods: ReachRow[] = base.map((r) => ({
    id: r.id,
    name: r.name,
    population: Math.round(r.population),
    audience_population: Math.round(r.audiencePop),
    participants: r.participants,
    reach: r.reach === null ? null : round(r.reach),
    rank: rankOf.get(r.id) ?? null,
    not_reached: Math.max(0, Math.round(r.audiencePop - r.participants)),
    proposals: r.proposals,
    needs: r.needs,
    supports: r.supports,
  }));
  neighbourhoods.sort(
    (x, y) =>
      (x.rank ?? Number.MAX_SAFE_INTEGER) - (y.rank ?? Number.MAX_SAFE_INTEGER) ||
      x.name.localeCompare(y.name),
  );
  const townPop = base.reduce((s, r) => s + r.audiencePop, 0);
  const townParticipants = [...participantsOf.values()].reduce((s, v) => s + v, 0);
  const without = participantsOf.get('') ?? 0;
  const whole = a.age_bands.length === 0;
  return {
    audience: a.code,
    audience_age_bands: a.age_bands,
    whole_population: whole && a.code !== 'everyone',
    measure: chosen,
    measures_available: available,
    from: q.from ?? null,
    to: q.to ?? null,
    rows: rowsTaken,
    town: {
      participants: townParticipants,
      audience_population: Math.round(townPop),
      reach: townPop > 0 ? round(townParticipants / townPop) : null,
      not_reached: Math.max(0, Math.round(townPop - townParticipants)),
    },
    without_neighbourhood: without,
    note:
      `Reach = ${chosen} of ${a.code} (${a.code === 'everyone' ? 'every row' : `rows of the audience${a.age_bands.length ? ` or of the age bands ${a.age_bands.join(', ')}` : ''}`}) ` +
      `whose home neighbourhood is the neighbourhood, in the periods overlapping ${q.from ?? 'the start'}–${q.to ?? 'the end'}, ÷ its residents of the audience ` +
      `(${whole ? 'the whole population: the census has no age band for it' : `census age bands ${a.age_bands.join(', ')}`}). ` +
      'Counts of several programmes or periods are added, so one person counted twice counts twice: a reach above 100 % is possible.',
    neighbourhoods,
  };
}

/** the neighbourhoods where reach is lowest: the lowest fifth (at least one), or the `bottom` lowest */
export function unreached(answer: ReachAnswer, bottom?: number): ReachRow[] {
  const ranked = answer.neighbourhoods.filter((r) => r.rank !== null);
  const n = bottom ?? Math.max(1, Math.ceil(ranked.length / 5));
  return ranked.filter((r) => (r.rank as number) <= n);
}
