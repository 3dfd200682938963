/**
 * Census tables joined to the tenant's neighbourhoods by name. The table has one row per census
 * variable and one column per area (the Statistics Canada layout) — or, with `layout: "rows"`, one
 * row per area and one column per variable.
 *
 * Names are matched after normalisation (case, accents, hyphens and dashes, repeated and trailing
 * spaces); what normalisation cannot match goes through the mapping's alias list. A column (or
 * row) that matches no neighbourhood is reported as an error, never dropped silently.
 */

import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { AGE_BANDS } from '../../data/town-format.ts';
import type { DB } from '../db/schema.ts';
import { ImportInputError } from './errors.ts';
import type { RowIssue } from './records.ts';
import { looksLikeJson, readText } from './text.ts';
import type { LayerCounts } from './write.ts';

const VariableRef = z.union([z.number().int(), z.string().min(1)]);
const VariableSum = z.union([VariableRef, z.array(VariableRef).min(1)]);

export const CensusMappingSchema = z
  .object({
    $comment: z.string().optional(),
    format: z.literal('census'),
    encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
    /** "columns": a row per variable, a column per area; "rows": a row per area */
    layout: z.enum(['columns', 'rows']).default('columns'),
    /** columns layout: the column holding the variable's id, and the one with its label */
    idColumn: z.string().default('ID'),
    labelColumn: z.string().default('Variable'),
    /** rows layout: the column holding the area's name */
    nameColumn: z.string().optional(),
    /** columns (or rows) that are not neighbourhoods, e.g. the whole city's totals */
    ignore: z.array(z.string()).default([]),
    /** census name → neighbourhood name, for what normalisation cannot match */
    aliases: z.record(z.string(), z.string()).default({}),
    /** variables by id (a number) or exact label (a string); a list is summed */
    population: VariableSum,
    populationByAge: z.record(z.enum(AGE_BANDS), VariableSum).optional(),
    census: z
      .record(
        z.string(),
        z.union([VariableSum, z.object({ variables: VariableSum, scale: z.number() }).strict()]),
      )
      .default({}),
  })
  .strict();
export type CensusMapping = z.infer<typeof CensusMappingSchema>;

export class CensusError extends ImportInputError {}

/** "Arbutus-Ridge " → "arbutus ridge"; "Kensington–Cedar Cottage" → "kensington cedar cottage" */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[-‐-―_/.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** "15,295" → 15295; "" → null */
export function parseCensusNumber(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.replace(/[\s\u00a0,]/g, '').trim();
  if (t === '' || t === '..' || t === 'x' || t === 'F') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

interface Table {
  /** area name as written → its values by variable id and by label */
  areas: Map<
    string,
    { byId: Map<string, string>; byLabel: Map<string, string>; line: number; column: string }
  >;
}

function readTable(file: string, m: CensusMapping): Table {
  const text = readText(file, m.encoding);
  if (looksLikeJson(text.slice(0, 1000)))
    throw new CensusError(
      `${path.basename(file)} looks like JSON (a GeoJSON file?), but the census import reads a CSV table (a row per variable and a column per area, or "layout": "rows"); a GeoJSON with a population property imports with the geojson format and "population" in its mapping`,
    );
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new CensusError(
      `${path.basename(file)}${e.lines ? ` line ${e.lines}` : ''} cannot be read as a CSV table: ${e.message}`,
    );
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const areas: Table['areas'] = new Map();
  const ignore = new Set(m.ignore.map(normaliseName));
  if (m.layout === 'columns') {
    const idCol = header.indexOf(m.idColumn);
    const labelCol = header.indexOf(m.labelColumn);
    if (idCol < 0 || labelCol < 0) {
      throw new CensusError(
        `${path.basename(file)} has no column "${idCol < 0 ? m.idColumn : m.labelColumn}" (columns: ${header.slice(0, 6).join(', ')}…)`,
      );
    }
    header.forEach((name, c) => {
      if (c === idCol || c === labelCol || name === '' || ignore.has(normaliseName(name))) return;
      areas.set(name, { byId: new Map(), byLabel: new Map(), line: 1, column: name });
    });
    rows.slice(1).forEach((row, r) => {
      const id = row[idCol]?.trim() ?? '';
      const label = row[labelCol]?.trim() ?? '';
      header.forEach((name, c) => {
        const a = areas.get(name);
        if (!a) return;
        // a variable seen before (e.g. the same label under the male/female sections) keeps its first value
        if (id && !a.byId.has(id)) a.byId.set(id, row[c] ?? '');
        if (label && !a.byLabel.has(label)) a.byLabel.set(label, row[c] ?? '');
      });
      void r;
    });
  } else {
    const nameCol = header.indexOf(m.nameColumn ?? 'name');
    if (nameCol < 0)
      throw new CensusError(`${path.basename(file)} has no column "${m.nameColumn ?? 'name'}"`);
    rows.slice(1).forEach((row, r) => {
      const name = row[nameCol]?.trim() ?? '';
      if (!name || ignore.has(normaliseName(name))) return;
      const byLabel = new Map(header.map((h, c) => [h, row[c] ?? ''] as const));
      areas.set(name, { byId: byLabel, byLabel, line: r + 2, column: name });
    });
  }
  return { areas };
}

export interface CensusResult {
  counts: Record<string, LayerCounts>;
  issues: RowIssue[];
  matched: { census: string; neighbourhood: string; population: number | null; via: 'name' | 'alias' }[];
  totalPopulation: number;
}

export async function importCensus(
  trx: Transaction<DB>,
  tenantId: number,
  file: string,
  m: CensusMapping,
): Promise<CensusResult> {
  const table = readTable(file, m);
  const name = path.basename(file);
  const hoods = (
    await sql<{ id: string; name: string }>`
      SELECT id, name FROM area WHERE tenant_id = ${tenantId} AND kind = 'neighbourhood' ORDER BY name`.execute(
      trx,
    )
  ).rows;
  if (!hoods.length)
    throw new CensusError('the tenant has no neighbourhoods yet: import them before the census');
  const byNorm = new Map(hoods.map((h) => [normaliseName(h.name), h]));
  const aliases = new Map(Object.entries(m.aliases).map(([k, v]) => [normaliseName(k), normaliseName(v)]));
  const issues: RowIssue[] = [];
  const counts: LayerCounts = { inserted: 0, updated: 0, rejected: 0, skipped: 0 };
  const matched: CensusResult['matched'] = [];
  const seen = new Set<string>();
  let totalPopulation = 0;

  for (const [censusName, values] of table.areas) {
    const ref = {
      file: name,
      line: values.line,
      ...(m.layout === 'columns' ? { feature: `column "${censusName}"` } : {}),
    };
    const norm = normaliseName(censusName);
    let hood = byNorm.get(norm);
    let via: 'name' | 'alias' = 'name';
    if (!hood && aliases.has(norm)) {
      hood = byNorm.get(aliases.get(norm) as string);
      via = 'alias';
    }
    if (!hood) {
      issues.push({
        ref,
        reason: `"${censusName}" matches no neighbourhood (have: ${hoods.map((h) => h.name).join(', ')}); add it to "aliases" or "ignore" in the mapping`,
        severity: 'error',
      });
      counts.rejected++;
      continue;
    }
    if (seen.has(hood.id)) {
      issues.push({
        ref,
        reason: `"${censusName}" is a second census entry for ${hood.name}`,
        severity: 'error',
      });
      counts.rejected++;
      continue;
    }
    seen.add(hood.id);
    const value = (ref_: z.infer<typeof VariableSum>, what: string): number | null => {
      const refs = Array.isArray(ref_) ? ref_ : [ref_];
      let sum = 0;
      for (const r of refs) {
        const raw = typeof r === 'number' ? values.byId.get(String(r)) : values.byLabel.get(r);
        if (raw === undefined)
          throw new CensusError(
            `${name}: no variable ${typeof r === 'number' ? `with id ${r}` : `"${r}"`} (for ${what})`,
          );
        const n = parseCensusNumber(raw);
        if (n === null) return null;
        if (Number.isNaN(n))
          throw new CensusError(`${name}: ${what} of "${censusName}" is not a number: "${raw}"`);
        sum += n;
      }
      return sum;
    };
    /** residents are counted whole: weighted estimates (27613.09) are rounded, and the report says so */
    const residents = (n: number | null, what: string): number | null => {
      if (n === null) return null;
      if (n < 0) throw new CensusError(`${name}: ${what} of "${censusName}" is negative: ${n}`);
      if (Number.isInteger(n)) return n;
      const rounded = Math.round(n);
      issues.push({
        ref,
        reason: `${what} of "${censusName}" (${n}) has decimals: rounded to ${rounded}`,
        severity: 'warning',
      });
      return rounded;
    };
    const population = residents(value(m.population, 'population'), 'population');
    const byAge = m.populationByAge
      ? Object.fromEntries(
          Object.entries(m.populationByAge).map(([band, v]) => [
            band,
            residents(value(v, `age band ${band}`), `age band ${band}`) ?? 0,
          ]),
        )
      : null;
    const extra: Record<string, number> = {};
    for (const [key, spec] of Object.entries(m.census)) {
      const isScaled = typeof spec === 'object' && !Array.isArray(spec);
      const v = value(isScaled ? spec.variables : spec, key);
      if (v !== null) extra[key] = isScaled ? Math.round(v * spec.scale * 1e9) / 1e9 : v;
    }
    // updated_at moves only when the figures change (a census imported again changes nothing)
    const nextByAge = sql`COALESCE(${byAge ? JSON.stringify(byAge) : null}::jsonb, population_by_age)`;
    const nextCensus = sql`census || ${JSON.stringify(extra)}::jsonb`;
    await sql`
      UPDATE area SET population = ${population}::int, population_by_age = ${nextByAge}, census = ${nextCensus},
             updated_at = CASE WHEN ROW(population, population_by_age, census)
                                    IS DISTINCT FROM ROW(${population}::int, ${nextByAge}, ${nextCensus})
                               THEN now() ELSE updated_at END
      WHERE id = ${hood.id}`.execute(trx);
    counts.updated++;
    totalPopulation += population ?? 0;
    matched.push({ census: censusName, neighbourhood: hood.name, population, via });
  }
  for (const h of hoods) {
    if (!seen.has(h.id)) {
      issues.push({
        ref: { file: name },
        reason: `neighbourhood ${h.name} has no census entry: its population is unchanged`,
        severity: 'warning',
      });
    }
  }
  return { counts: { neighbourhoods: counts }, issues, matched, totalPopulation };
}
