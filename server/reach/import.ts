/**
 * The participation counts import (docs/PLANNER.md, "Reach"): a CSV of registrations, attendance
 * or participants per programme and period, optionally by home neighbourhood, census age band and
 * audience. All or nothing: every row is checked first, and one bad cell refuses the whole file
 * with the list of the rows and columns at fault. A batch (its name) is replaced whole when it is
 * imported again. Every committed import and deletion is one audit entry.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { type Kysely, sql, type Transaction } from 'kysely';
import { AGE_BANDS, AUDIENCE_CODES } from '../../data/town-format.ts';
import type { AuditActor } from '../audit/record.ts';
import { recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { ApiError, badRequest } from '../http/errors.ts';
import { normaliseName } from '../import/census.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const MEASURES = ['registrations', 'attendance', 'participants'] as const;
export type Measure = (typeof MEASURES)[number];

export const REQUIRED_COLUMNS = ['programme', 'period_start', 'period_end', 'measure', 'count'] as const;
export const OPTIONAL_COLUMNS = ['home_neighbourhood', 'age_band', 'audience'] as const;
const COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** the most rows one file may hold (the API's body limit is usually reached first) */
export const MAX_ROWS = 100_000;
/** the most row errors listed in a refusal (the total is always given) */
export const MAX_LISTED_ERRORS = 200;

export const BATCH_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,99}$/u;

export interface RowError {
  /** the line of the file (the header is line 1) */
  line: number;
  column: string;
  message: string;
}

export interface CountRow {
  line: number;
  programme: string;
  opportunity_id: string | null;
  period_start: string;
  period_end: string;
  measure: Measure;
  count: number;
  home_area_id: string | null;
  age_band: string | null;
  audience: string | null;
}

export interface ImportReport {
  batch: string;
  dry_run: boolean;
  committed: boolean;
  rows: number;
  /** rows of the batch that were there before (replaced) */
  replaced: number;
  totals: Record<string, number>;
  period: { from: string; to: string } | null;
  /** rows with a home neighbourhood / without one (they count for the town only) */
  with_neighbourhood: number;
  without_neighbourhood: number;
  /** programme names that match no opportunity of the town: kept by name */
  unmatched_programmes: string[];
}

const validDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return (
    t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d && y >= 1900 && y <= 2200
  );
};

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** the refusal of a file with bad rows: 400, nothing stored */
export class RowsRejected extends ApiError {
  constructor(errors: RowError[], rows: number) {
    const shown = errors.slice(0, MAX_LISTED_ERRORS);
    const first = shown[0];
    super(
      400,
      'invalid_rows',
      `${errors.length} error${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}; nothing was stored` +
        (first ? ` (line ${first.line}, ${first.column}: ${first.message})` : ''),
      { errors: shown, error_count: errors.length },
    );
  }
}

/** the CSV's records with their line numbers; a file that is not CSV is a 400 naming the line */
function readCsv(text: string): { header: string[]; records: { line: number; cells: string[] }[] } {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw badRequest(
      `The file is not readable CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message ?? 'parse error'}`,
    );
  }
  const [head, ...rest] = rows;
  if (!head) throw badRequest('The file is empty: a header line and at least one row are needed');
  return {
    header: head.record.map((h) => h.trim().toLowerCase()),
    records: rest.map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

interface Lookups {
  /** lower-cased name (any language) or id → area id */
  areas: Map<string, string>;
  /** opportunity id, source_id, lower-cased title → ids */
  programmes: Map<string, Set<string>>;
}

async function lookups(db: Executor, tenantId: number, programmes: string[]): Promise<Lookups> {
  const areaRows = await db
    .selectFrom('area')
    .select(['id', 'name', 'names'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'neighbourhood')
    .execute();
  const areas = new Map<string, string>();
  for (const a of areaRows) {
    areas.set(a.id.toLowerCase(), a.id);
    // names as the census import matches them: case, accents, hyphens and repeated spaces aside
    for (const n of [a.name, ...Object.values(a.names ?? {})]) if (n) areas.set(normaliseName(n), a.id);
  }
  const wanted = [...new Set(programmes)];
  const lower = [...new Set(wanted.map((p) => p.toLowerCase()))];
  const ids = wanted.filter((p) => UUID_RE.test(p)).map((p) => p.toLowerCase());
  const found = wanted.length
    ? (
        await sql<{ id: string; source_id: string | null; titles: string[] }>`
          SELECT o.id::text AS id, o.source_id,
            ARRAY(SELECT lower(trim(t.value)) FROM jsonb_each_text(o.title) t) AS titles
          FROM opportunity o
          WHERE o.tenant_id = ${tenantId}
            AND (o.id = ANY(${ids}::uuid[]) OR o.source_id = ANY(${wanted}::text[])
              OR EXISTS (SELECT 1 FROM jsonb_each_text(o.title) t WHERE lower(trim(t.value)) = ANY(${lower}::text[])))`.execute(
          db,
        )
      ).rows
    : [];
  const map = new Map<string, Set<string>>();
  const add = (k: string, id: string) => {
    const s = map.get(k) ?? new Set<string>();
    s.add(id);
    map.set(k, s);
  };
  for (const o of found) {
    add(`id:${o.id.toLowerCase()}`, o.id);
    if (o.source_id) add(`source:${o.source_id}`, o.id);
    for (const t of o.titles) add(`title:${t}`, o.id);
  }
  return { areas, programmes: map };
}

/** the one opportunity a programme cell names: by id, else source id, else title; null when none or several */
function programmeOf(l: Lookups, p: string): string | null {
  for (const key of [`id:${p.toLowerCase()}`, `source:${p}`, `title:${p.toLowerCase()}`]) {
    const s = l.programmes.get(key);
    if (s?.size === 1) return [...s][0] as string;
    if (s && s.size > 1) return null;
  }
  return null;
}

/** every row checked; the rows, or a RowsRejected listing every problem */
export async function checkRows(db: Executor, tenantId: number, text: string): Promise<CountRow[]> {
  const { header, records } = readCsv(text);
  const headerErrors: RowError[] = [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  for (const c of missing)
    headerErrors.push({
      line: 1,
      column: c,
      message: `the column "${c}" is missing (columns: ${COLUMNS.join(', ')})`,
    });
  header.forEach((h, i) => {
    if (!COLUMNS.includes(h))
      headerErrors.push({
        line: 1,
        column: h || `column ${i + 1}`,
        message: `"${h}" is not a column of a participation file (columns: ${COLUMNS.join(', ')})`,
      });
    else if (header.indexOf(h) !== i)
      headerErrors.push({ line: 1, column: h, message: `"${h}" appears twice` });
  });
  if (headerErrors.length) throw new RowsRejected(headerErrors, records.length);
  if (!records.length) throw badRequest('The file has a header but no rows');
  if (records.length > MAX_ROWS)
    throw badRequest(`The file has ${records.length} rows; at most ${MAX_ROWS} are taken`);

  const col = (cells: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? '' : (cells[i] ?? '').trim();
  };
  const l = await lookups(db, tenantId, records.map((r) => col(r.cells, 'programme')).filter(Boolean));
  const errors: RowError[] = [];
  const rows: CountRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of records) {
    const err = (column: string, message: string) => errors.push({ line, column, message });
    if (cells.length > header.length)
      err(`column ${header.length + 1}`, `the row has ${cells.length} cells, the header ${header.length}`);
    const programme = col(cells, 'programme');
    if (!programme)
      err('programme', 'a programme is needed (an opportunity id, its source id, or its title)');
    else if (programme.length > 300) err('programme', 'at most 300 characters');
    const start = col(cells, 'period_start');
    const end = col(cells, 'period_end');
    if (!validDate(start)) err('period_start', `"${start}" is not a date YYYY-MM-DD`);
    if (!validDate(end)) err('period_end', `"${end}" is not a date YYYY-MM-DD`);
    else if (validDate(start) && end < start) err('period_end', `${end} is before period_start ${start}`);
    const measure = col(cells, 'measure').toLowerCase();
    if (!(MEASURES as readonly string[]).includes(measure))
      err('measure', `"${measure}" is not one of ${MEASURES.join(', ')}`);
    const countText = col(cells, 'count');
    const count = Number(countText);
    if (!/^\d+$/.test(countText) || count > 2_147_483_647)
      err('count', `"${countText}" is not a whole number of 0 or more`);
    const hood = col(cells, 'home_neighbourhood');
    const areaId = hood
      ? (l.areas.get(hood.toLowerCase()) ?? l.areas.get(normaliseName(hood)) ?? null)
      : null;
    if (hood && !areaId) err('home_neighbourhood', `no neighbourhood of the town is named "${hood}"`);
    const band = col(cells, 'age_band');
    if (band && !(AGE_BANDS as readonly string[]).includes(band))
      err('age_band', `"${band}" is not a census age band (${AGE_BANDS.join(', ')})`);
    const audience = col(cells, 'audience').toLowerCase();
    if (audience && !(AUDIENCE_CODES as readonly string[]).includes(audience))
      err('audience', `"${audience}" is not an audience (${AUDIENCE_CODES.join(', ')})`);
    const key = [programme.toLowerCase(), start, end, measure, areaId ?? '', band, audience].join('\u0001');
    const before = seen.get(key);
    if (before !== undefined)
      err(
        'programme',
        `repeats line ${before} (the same programme, period, measure, neighbourhood, age band and audience)`,
      );
    else seen.set(key, line);
    rows.push({
      line,
      programme,
      opportunity_id: programme ? programmeOf(l, programme) : null,
      period_start: start,
      period_end: end,
      measure: measure as Measure,
      count,
      home_area_id: areaId,
      age_band: band || null,
      audience: audience || null,
    });
  }
  if (errors.length) throw new RowsRejected(errors, records.length);
  return rows;
}

interface BatchSummary {
  rows: number;
  totals: Record<string, number>;
  period: { from: string; to: string } | null;
}

function summarise(
  rows: Pick<CountRow, 'measure' | 'count' | 'period_start' | 'period_end'>[],
): BatchSummary {
  const totals: Record<string, number> = {};
  let from = '';
  let to = '';
  for (const r of rows) {
    totals[r.measure] = (totals[r.measure] ?? 0) + r.count;
    if (!from || r.period_start < from) from = r.period_start;
    if (!to || r.period_end > to) to = r.period_end;
  }
  return { rows: rows.length, totals, period: rows.length ? { from, to } : null };
}

async function storedBatch(db: Executor, tenantId: number, batch: string) {
  return db
    .selectFrom('participation_count')
    .select([
      'measure',
      'count',
      sql<string>`period_start::text`.as('period_start'),
      sql<string>`period_end::text`.as('period_end'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('batch', '=', batch)
    .execute();
}

/** checks the file and (unless a dry run) replaces the batch with it, audited, in one transaction */
export async function importParticipation(
  db: Kysely<DB>,
  tenantId: number,
  opts: { batch: string; text: string; dryRun: boolean; actor: AuditActor },
): Promise<ImportReport> {
  const rows = await checkRows(db, tenantId, opts.text);
  const summary = summarise(rows);
  const unmatched = [...new Set(rows.filter((r) => !r.opportunity_id).map((r) => r.programme))].sort();
  const withHood = rows.filter((r) => r.home_area_id).length;
  const report = (replaced: number, committed: boolean): ImportReport => ({
    batch: opts.batch,
    dry_run: opts.dryRun,
    committed,
    rows: rows.length,
    replaced,
    totals: summary.totals,
    period: summary.period,
    with_neighbourhood: withHood,
    without_neighbourhood: rows.length - withHood,
    unmatched_programmes: unmatched.slice(0, 200),
  });
  if (opts.dryRun) return report((await storedBatch(db, tenantId, opts.batch)).length, false);
  return db.transaction().execute(async (trx) => {
    const before = summarise(await storedBatch(trx, tenantId, opts.batch));
    await trx
      .deleteFrom('participation_count')
      .where('tenant_id', '=', tenantId)
      .where('batch', '=', opts.batch)
      .execute();
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('participation_count')
        .values(
          rows.slice(i, i + 1000).map((r) => ({
            id: randomUUID(),
            tenant_id: tenantId,
            batch: opts.batch,
            opportunity_id: r.opportunity_id,
            programme: r.programme,
            period_start: r.period_start,
            period_end: r.period_end,
            measure: r.measure,
            count: r.count,
            home_area_id: r.home_area_id,
            age_band: r.age_band,
            audience: r.audience,
          })),
        )
        .execute();
    }
    await recordAudit(trx, {
      tenantId,
      actor: opts.actor,
      action: 'participation.import',
      entity: { type: 'participation_batch', id: opts.batch },
      previous: before.rows ? { batch: opts.batch, ...before } : null,
      next: { batch: opts.batch, ...summary, without_neighbourhood: rows.length - withHood },
      summary: `participation batch "${opts.batch}": ${rows.length} rows${before.rows ? ` (replacing ${before.rows})` : ''}`,
    });
    return report(before.rows, true);
  });
}

export interface BatchInfo {
  batch: string;
  rows: number;
  totals: Record<string, number>;
  period: { from: string; to: string };
  imported_at: string;
}

export async function listBatches(db: Executor, tenantId: number): Promise<BatchInfo[]> {
  const rows = await sql<{
    batch: string;
    measure: string;
    rows: string | number;
    total: string | number;
    from: string;
    to: string;
    at: Date | string;
  }>`
    SELECT batch, measure, count(*) AS rows, sum(count) AS total, min(period_start)::text AS "from",
      max(period_end)::text AS "to", max(created_at) AS at
    FROM participation_count WHERE tenant_id = ${tenantId}
    GROUP BY batch, measure ORDER BY batch, measure`.execute(db);
  const out = new Map<string, BatchInfo>();
  for (const r of rows.rows) {
    const at = new Date(r.at).toISOString();
    const b = out.get(r.batch) ?? {
      batch: r.batch,
      rows: 0,
      totals: {},
      period: { from: r.from, to: r.to },
      imported_at: at,
    };
    b.rows += Number(r.rows);
    b.totals[r.measure] = Number(r.total);
    if (r.from < b.period.from) b.period.from = r.from;
    if (r.to > b.period.to) b.period.to = r.to;
    if (at > b.imported_at) b.imported_at = at;
    out.set(r.batch, b);
  }
  return [...out.values()].sort(
    (a, b) => b.imported_at.localeCompare(a.imported_at) || a.batch.localeCompare(b.batch),
  );
}

/** removes a batch, audited; false when the tenant has none of that name */
export async function deleteBatch(
  db: Kysely<DB>,
  tenantId: number,
  batch: string,
  actor: AuditActor,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const before = summarise(await storedBatch(trx, tenantId, batch));
    if (!before.rows) return 0;
    await trx
      .deleteFrom('participation_count')
      .where('tenant_id', '=', tenantId)
      .where('batch', '=', batch)
      .execute();
    await recordAudit(trx, {
      tenantId,
      actor,
      action: 'participation.delete',
      entity: { type: 'participation_batch', id: batch },
      previous: { batch, ...before },
      next: null,
      summary: `participation batch "${batch}" deleted (${before.rows} rows)`,
    });
    return before.rows;
  });
}
