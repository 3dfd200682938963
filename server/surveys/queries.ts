/**
 * Survey campaigns in the database: the admin's list, one campaign, the public ones open today
 * (for a point, or for the whole town), and the results — counts per answer and per neighbourhood
 * over the confirmed answers (status pending, returned or published: a rejected or unconfirmed
 * submission does not count).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { pickText } from '../tenants/queries.ts';
import type { AnswerValue, SurveyQuestion } from './schemas.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** the statuses of a need whose answers count (confirmed, and not rejected) */
export const COUNTED = ['pending', 'returned', 'published'] as const;

export interface CampaignRow {
  id: string;
  title: Record<string, string>;
  intro: Record<string, string>;
  area_ids: string[];
  opens_on: string;
  closes_on: string;
  questions: SurveyQuestion[];
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  answers: number;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export async function listCampaigns(db: Executor, tenantId: number, id?: string): Promise<CampaignRow[]> {
  const r = await sql<
    Omit<CampaignRow, 'created_at' | 'updated_at' | 'archived_at'> & {
      created_at: Date;
      updated_at: Date;
      archived_at: Date | null;
    }
  >`
    SELECT c.id, c.title, c.intro, c.area_ids, c.opens_on::text AS opens_on, c.closes_on::text AS closes_on,
      c.questions, c.created_at, c.updated_at, c.archived_at,
      (SELECT count(*)::int FROM need n WHERE n.tenant_id = c.tenant_id AND n.campaign_id = c.id
        AND n.status IN ('pending', 'returned', 'published')) AS answers
    FROM survey_campaign c
    WHERE c.tenant_id = ${tenantId} ${id ? sql`AND c.id = ${id}::uuid` : sql``}
    ORDER BY c.archived_at IS NOT NULL, c.opens_on DESC, c.id`.execute(db);
  return r.rows.map((c) => ({
    ...c,
    answers: Number(c.answers),
    created_at: iso(c.created_at) as string,
    updated_at: iso(c.updated_at) as string,
    archived_at: iso(c.archived_at),
  }));
}

export function campaignState(c: Pick<CampaignRow, 'opens_on' | 'closes_on' | 'archived_at'>, today: string) {
  if (c.archived_at) return 'archived' as const;
  if (today < c.opens_on) return 'upcoming' as const;
  if (today > c.closes_on) return 'closed' as const;
  return 'open' as const;
}

/** the ids of the campaigns open today, not archived, for the point (or all of them without one) */
export async function openCampaignIds(
  db: Executor,
  tenantId: number,
  today: string,
  point: { lon: number; lat: number } | null,
): Promise<string[]> {
  const r = await sql<{ id: string }>`
    SELECT c.id FROM survey_campaign c
    WHERE c.tenant_id = ${tenantId} AND c.archived_at IS NULL
      AND c.opens_on <= ${today}::date AND c.closes_on >= ${today}::date
      ${
        point
          ? sql`AND (cardinality(c.area_ids) = 0 OR EXISTS (
              SELECT 1 FROM area a WHERE a.tenant_id = c.tenant_id AND a.id = ANY(c.area_ids)
                AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326))))`
          : sql``
      }
    ORDER BY c.closes_on, c.id`.execute(db);
  return r.rows.map((x) => x.id);
}

export async function areaNames(
  db: Executor,
  tenantId: number,
  ids: string[],
  lang: string,
): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await sql<{ id: string; name: string }>`
    SELECT id, COALESCE(names->>${lang}::text, name) AS name FROM area
    WHERE tenant_id = ${tenantId} AND id = ANY(${ids}::uuid[])`.execute(db);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

/** the public view of a campaign in a language */
export function publicCampaign(
  c: CampaignRow,
  lang: string,
  defaultLang: string,
  today: string,
  names: Map<string, string>,
) {
  const pick = (t: Record<string, string> | undefined) => pickText(t ?? {}, lang, defaultLang).text;
  return {
    id: c.id,
    title: pick(c.title),
    intro: pick(c.intro),
    opens_on: c.opens_on,
    closes_on: c.closes_on,
    open: campaignState(c, today) === 'open',
    whole_town: c.area_ids.length === 0,
    areas: c.area_ids.map((id) => ({ id, name: names.get(id) ?? '' })),
    questions: c.questions.map((q) => ({
      key: q.key,
      kind: q.kind,
      label: pick(q.label),
      ...(q.options ? { options: q.options.map((o) => ({ value: o.value, label: pick(o.label) })) } : {}),
    })),
  };
}

export interface AnswerCount {
  value: string;
  label: string;
  count: number;
  /** by neighbourhood id ('' for answers pinned outside every neighbourhood) */
  by_area: Record<string, number>;
}

export interface SurveyResults {
  campaign: { id: string; title: string; opens_on: string; closes_on: string };
  total: number;
  areas: { id: string | null; name: string; total: number }[];
  would_help: { yes: number; no: number };
  questions: { key: string; kind: string; label: string; answered: number; counts: AnswerCount[] }[];
}

/** the counts of a campaign's confirmed answers, per answer and per neighbourhood */
export async function surveyResults(
  db: Executor,
  tenantId: number,
  c: CampaignRow,
  lang: string,
  defaultLang: string,
): Promise<SurveyResults> {
  const rows = await db
    .selectFrom('need')
    .select(['area_id', 'answers', 'would_help'])
    .where('tenant_id', '=', tenantId)
    .where('campaign_id', '=', c.id)
    .where('status', 'in', [...COUNTED])
    .execute();
  const pick = (t: Record<string, string> | undefined) => pickText(t ?? {}, lang, defaultLang).text;
  const areaIds = [...new Set(rows.map((r) => r.area_id).filter((x): x is string => !!x))];
  const names = await areaNames(db, tenantId, areaIds, lang);
  const perArea = new Map<string, number>();
  for (const r of rows) perArea.set(r.area_id ?? '', (perArea.get(r.area_id ?? '') ?? 0) + 1);

  const questions = c.questions.map((q) => {
    const counts = new Map<string, AnswerCount>();
    const slot = (value: string, label: string) => {
      let s = counts.get(value);
      if (!s) {
        s = { value, label, count: 0, by_area: {} };
        counts.set(value, s);
      }
      return s;
    };
    // every possible answer is listed, with 0 when nobody gave it
    if (q.kind === 'yes_no') {
      slot('yes', 'yes');
      slot('no', 'no');
    }
    for (const o of q.options ?? []) slot(o.value, pick(o.label));
    let answered = 0;
    for (const r of rows) {
      const a = (r.answers as Record<string, AnswerValue>)[q.key];
      if (a === undefined) continue;
      const values =
        q.kind === 'yes_no'
          ? [a === true ? 'yes' : 'no']
          : q.kind === 'text'
            ? ['answered']
            : Array.isArray(a)
              ? a
              : [String(a)];
      answered += 1;
      for (const v of values) {
        const s = slot(v, q.kind === 'text' ? 'answered' : v);
        s.count += 1;
        const k = r.area_id ?? '';
        s.by_area[k] = (s.by_area[k] ?? 0) + 1;
      }
    }
    return { key: q.key, kind: q.kind, label: pick(q.label), answered, counts: [...counts.values()] };
  });
  return {
    campaign: { id: c.id, title: pick(c.title), opens_on: c.opens_on, closes_on: c.closes_on },
    total: rows.length,
    areas: [...perArea.entries()]
      .map(([id, total]) => ({ id: id || null, name: id ? (names.get(id) ?? '') : '', total }))
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    would_help: {
      yes: rows.filter((r) => r.would_help === true).length,
      no: rows.filter((r) => r.would_help === false).length,
    },
    questions,
  };
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // a cell a spreadsheet would run as a formula is prefixed with an apostrophe
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** the results as CSV: one row per question, answer and neighbourhood (and one "all" row per answer) */
export function resultsCsv(r: SurveyResults, outside: string): string {
  const names = new Map(r.areas.map((a) => [a.id ?? '', a.name || outside]));
  const lines = [
    [
      'question',
      'kind',
      'question_label',
      'answer',
      'answer_label',
      'neighbourhood_id',
      'neighbourhood',
      'count',
    ],
  ];
  for (const q of r.questions)
    for (const c of q.counts) {
      lines.push([q.key, q.kind, q.label, c.value, c.label, 'all', 'all', String(c.count)]);
      for (const [area, n] of Object.entries(c.by_area).sort())
        lines.push([q.key, q.kind, q.label, c.value, c.label, area, names.get(area) ?? '', String(n)]);
    }
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
