/**
 * One import, whatever the format: read and map the input, then write it in ONE transaction.
 * A rejected row or a failure aborts the whole import and changes nothing — unless
 * `skipInvalid`, in which case the report lists every skipped row with its line and reason.
 * `dryRun` does everything, then rolls back: the report tells what would happen.
 * Shared by the CLI (`npm run import`) and the admin API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { TownTenant } from '../../data/town-format.ts';
import { clearAccess, recomputeAccess } from '../analytics/recompute.ts';
import type { DB } from '../db/schema.ts';
import { type CensusMapping, CensusMappingSchema, importCensus } from './census.ts';
import { parseCsv } from './csv.ts';
import { ImportInputError } from './errors.ts';
import { parseGeoJson } from './geojson.ts';
import {
  IMPORT_LAYERS,
  type ImportLayer,
  MappingError,
  parseMapping,
  readMappingFile,
  type TabularMapping,
  TabularMappingSchema,
} from './mapping.ts';
import type { ImportRecord, ParseItem, ProgressFn, RowIssue } from './records.ts';
import { type LayerCounts, layerOf, RecordWriter } from './write.ts';

export const IMPORT_FORMATS = ['tenant', 'geojson', 'csv', 'census', 'osm', 'hsds', 'ical'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  format: ImportFormat;
  /** the file (or, for hsds, the folder) to import */
  path: string;
  /** tenant slug; the tenant must exist (import a `tenant` file first) unless format is `tenant` */
  tenant?: string;
  /** a mapping file, or the mapping itself */
  mapping?: string | unknown;
  layer?: ImportLayer;
  srid?: number;
  /** the source name rows are keyed by; default from the mapping, else the format */
  source?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  onProgress?: ProgressFn;
  /** the name to report for the file (the admin API's upload name) */
  displayName?: string;
  /** recompute the planner's access results once the import is committed (the CLI and admin API do) */
  recomputeAccess?: boolean;
}

export interface ImportReport {
  format: ImportFormat;
  file: string;
  tenant: string;
  source: string;
  dryRun: boolean;
  committed: boolean;
  layers: Record<string, LayerCounts>;
  /** every row rejected, skipped or repaired, with where it is and why */
  issues: RowIssue[];
  geometryFixes: number;
  /** places and programs of this source outside every neighbourhood (kept, and counted) */
  outsideNeighbourhoods: { count: number; examples: string[] } | null;
  census?: {
    totalPopulation: number;
    matched: { census: string; neighbourhood: string; population: number | null; via: string }[];
  };
  notes: string[];
  durationMs: number;
}

/** The import was refused: nothing was changed. The report says why, row by row. */
export class ImportRejected extends Error {
  constructor(readonly report: ImportReport) {
    const errors = report.issues.filter((i) => i.severity === 'error');
    super(
      `Import rejected, nothing was changed: ${errors.length} row${errors.length === 1 ? '' : 's'} with errors` +
        (errors[0] ? ` (first: ${refText(errors[0])}: ${errors[0].reason})` : '') +
        '. Fix them, or run with --skip-invalid to import the rest.',
    );
  }
}

export { ImportInputError };

export function refText(i: RowIssue): string {
  const r = i.ref;
  return [
    r.file,
    r.line !== undefined ? `line ${r.line}` : null,
    r.feature !== undefined
      ? typeof r.feature === 'number'
        ? `feature ${r.feature}`
        : String(r.feature)
      : null,
  ]
    .filter(Boolean)
    .join(' ');
}

class Rollback extends Error {}

function layerCounts(report: ImportReport, layer: string): LayerCounts {
  report.layers[layer] ??= { inserted: 0, updated: 0, rejected: 0, skipped: 0 };
  return report.layers[layer];
}

function defaultMapping(format: 'geojson' | 'csv', layer: ImportLayer | undefined): TabularMapping {
  if (!layer)
    throw new ImportInputError(
      `a ${format} import needs --layer (${IMPORT_LAYERS.join(', ')}) or a --mapping`,
    );
  const program = layer === 'programs';
  return parseMapping(
    TabularMappingSchema,
    {
      format,
      source: `${format}-${layer}`,
      layer,
      ...(format === 'csv' ? { geometry: { lon: 'longitude', lat: 'latitude' } } : {}),
      fields: {
        sourceId: 'id',
        ...(program
          ? {
              title: 'title',
              description: 'description',
              categories: { property: 'categories', split: ';' },
              audiences: { property: 'audiences', split: ';', default: ['everyone'] },
            }
          : { name: 'name', address: 'address' }),
        ...(layer === 'neighbourhoods' || layer === 'population-units'
          ? { population: { property: 'population', type: 'number' } }
          : {}),
        ...(layer === 'degraded-zones' ? { designation: 'designation', programme: 'programme' } : {}),
      },
    },
    'default',
  );
}

function loadTabularMapping(opts: ImportOptions, format: 'geojson' | 'csv'): TabularMapping {
  let m: TabularMapping;
  if (opts.mapping === undefined) m = defaultMapping(format, opts.layer);
  else if (typeof opts.mapping === 'string') m = readMappingFile(TabularMappingSchema, opts.mapping);
  else m = parseMapping(TabularMappingSchema, opts.mapping, 'upload');
  if (m.format !== format) throw new ImportInputError(`the mapping is for ${m.format}, not ${format}`);
  return { ...m, ...(opts.layer ? { layer: opts.layer } : {}), ...(opts.srid ? { srid: opts.srid } : {}) };
}

async function collect(items: Iterable<ParseItem> | AsyncIterable<ParseItem>, progress?: ProgressFn) {
  const records: ImportRecord[] = [];
  const issues: RowIssue[] = [];
  let n = 0;
  for await (const item of items) {
    if (item.type === 'issue') issues.push(item.issue);
    else records.push(item);
    if (++n % 1000 === 0) progress?.(n, null);
  }
  return { records, issues };
}

async function resolveTenant(db: Kysely<DB>, slug: string | undefined) {
  const t = slug
    ? await db
        .selectFrom('tenant')
        .select(['id', 'slug', 'timezone'])
        .where('slug', '=', slug)
        .executeTakeFirst()
    : await db.selectFrom('tenant').select(['id', 'slug', 'timezone']).orderBy('id').executeTakeFirst();
  if (!t) {
    throw new ImportInputError(
      slug
        ? `no tenant "${slug}": import its tenant file first (npm run import -- tenant FILE)`
        : 'no tenant: import a tenant file first',
    );
  }
  return t;
}

export async function runImport(db: Kysely<DB>, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const file = opts.displayName ?? path.basename(opts.path);
  if (!fs.existsSync(opts.path)) throw new ImportInputError(`${opts.path} does not exist`);
  const report: ImportReport = {
    format: opts.format,
    file,
    tenant: opts.tenant ?? '',
    source: opts.source ?? opts.format,
    dryRun: Boolean(opts.dryRun),
    committed: false,
    layers: {},
    issues: [],
    geometryFixes: 0,
    outsideNeighbourhoods: null,
    notes: [],
    durationMs: 0,
  };

  try {
    if (opts.format === 'tenant') return await importTenant(db, opts, report, started);

    const tenant = await resolveTenant(db, opts.tenant);
    report.tenant = tenant.slug;
    let srid = 4326;
    let parsed: { records: ImportRecord[]; issues: RowIssue[] } | null = null;
    let census: CensusMapping | null = null;

    if (opts.format === 'geojson' || opts.format === 'csv') {
      const mapping = loadTabularMapping(opts, opts.format);
      report.source = opts.source ?? mapping.source;
      srid = mapping.srid;
      parsed = await collect(
        opts.format === 'geojson' ? parseGeoJson(opts.path, mapping) : parseCsv(opts.path, mapping),
        opts.onProgress,
      );
      for (const i of parsed.issues) {
        const c = layerCounts(report, mapping.layer);
        if (i.severity === 'error') c.rejected++;
        else if (/skipped/.test(i.reason)) c.skipped++;
      }
    } else if (opts.format === 'census') {
      if (opts.mapping === undefined)
        throw new ImportInputError('a census import needs --mapping (which variables, which names)');
      census =
        typeof opts.mapping === 'string'
          ? readMappingFile(CensusMappingSchema, opts.mapping)
          : parseMapping(CensusMappingSchema, opts.mapping, 'upload');
      report.source = 'census';
    } else {
      const { parserFor } = await import('./formats.ts');
      const parser = await parserFor(opts.format);
      report.source = opts.source ?? opts.format;
      parsed = await collect(
        parser({
          path: opts.path,
          source: report.source,
          timezone: tenant.timezone,
          mapping: opts.mapping,
          onProgress: opts.onProgress,
        }),
        opts.onProgress,
      );
    }

    report.issues.push(...(parsed?.issues ?? []));
    // rows the parser already rejected: refuse before touching the database
    if (!opts.skipInvalid && report.issues.some((i) => i.severity === 'error'))
      throw new ImportRejected(report);

    await db
      .transaction()
      .execute(async (trx) => {
        if (census) {
          const r = await importCensus(trx, tenant.id, opts.path, census);
          report.layers = r.counts;
          report.issues.push(...r.issues);
          report.census = { totalPopulation: r.totalPopulation, matched: r.matched };
        } else if (parsed) {
          const writer = new RecordWriter(
            trx,
            tenant.id,
            tenant.slug,
            report.source,
            srid,
            Boolean(opts.skipInvalid),
          );
          await writer.write(parsed.records);
          for (const [layer, c] of Object.entries(writer.counts)) {
            const have = layerCounts(report, layer);
            have.inserted += c.inserted;
            have.updated += c.updated;
            have.rejected += c.rejected;
            have.skipped += c.skipped;
          }
          report.issues.push(...writer.issues);
          report.geometryFixes = writer.geometryFixes;
          if (parsed.records.some((r) => r.type === 'place' || r.type === 'opportunity')) {
            report.outsideNeighbourhoods = await outsideNeighbourhoods(trx, tenant.id, report.source);
          }
        }
        if (!opts.skipInvalid && report.issues.some((i) => i.severity === 'error'))
          throw new ImportRejected(report);
        if (opts.skipInvalid) {
          const skipped = report.issues.filter((i) => i.severity === 'error').length;
          if (skipped)
            report.notes.push(`${skipped} invalid rows skipped (--skip-invalid); each is listed in issues`);
        }
        if (report.geometryFixes)
          report.notes.push(`${report.geometryFixes} invalid geometries repaired with ST_MakeValid`);
        if (opts.dryRun) throw new Rollback();
        // what the planner has stored was computed from the data this import changes
        await clearAccess(trx, tenant.id);
        await trx
          .insertInto('import_run')
          .values({
            tenant_id: tenant.id,
            format: opts.format,
            source: report.source,
            file,
            started_at: new Date(started).toISOString(),
            report: JSON.stringify({ ...report, committed: true }),
          })
          .execute();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    report.committed = !opts.dryRun;
    if (opts.dryRun) report.notes.push('dry run: nothing was changed');
    else if (opts.recomputeAccess) {
      const t = Date.now();
      await recomputeAccess(db, tenant.id);
      report.notes.push(`access for the planner recomputed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    return report;
  } finally {
    report.durationMs = Date.now() - started;
  }
}

async function outsideNeighbourhoods(trx: Kysely<DB>, tenantId: number, source: string) {
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM (
      SELECT p.name, p.anchor AS pt FROM place p WHERE p.tenant_id = ${tenantId} AND p.source = ${source}
      UNION ALL
      SELECT COALESCE(o.title->>'en', o.source_id), o.geom FROM opportunity o WHERE o.tenant_id = ${tenantId} AND o.source = ${source}
    ) x
    WHERE EXISTS (SELECT 1 FROM area WHERE tenant_id = ${tenantId} AND kind = 'neighbourhood')
      AND NOT EXISTS (SELECT 1 FROM area a WHERE a.tenant_id = ${tenantId} AND a.kind = 'neighbourhood' AND ST_Intersects(a.geom, x.pt))
    ORDER BY name`.execute(trx);
  return { count: rows.length, examples: rows.slice(0, 10).map((r) => r.name) };
}

const TenantFile = TownTenant.extend({
  source: z.string().default('import'),
  fictional: z.boolean().default(false),
});

async function importTenant(
  db: Kysely<DB>,
  opts: ImportOptions,
  report: ImportReport,
  started: number,
): Promise<ImportReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(opts.path, 'utf8'));
  } catch (err) {
    throw new ImportInputError(`${report.file} is not valid JSON: ${(err as Error).message}`);
  }
  const t = TenantFile.safeParse(raw);
  if (!t.success) throw new MappingError(`${report.file}: ${z.prettifyError(t.error)}`);
  try {
    Intl.DateTimeFormat('en', { timeZone: t.data.timezone });
  } catch {
    throw new ImportInputError(`${report.file}: unknown time zone "${t.data.timezone}"`);
  }
  report.tenant = t.data.slug;
  report.source = 'tenant';
  const existing = await db
    .selectFrom('tenant')
    .select('id')
    .where('slug', '=', t.data.slug)
    .executeTakeFirst();
  if (!opts.dryRun) {
    const values = {
      name: JSON.stringify(t.data.name),
      locales: t.data.locales,
      default_locale: t.data.defaultLocale,
      timezone: t.data.timezone,
      home: JSON.stringify(t.data.home),
      bbox: t.data.bbox,
      source: t.data.source,
      fictional: t.data.fictional,
    };
    await db
      .insertInto('tenant')
      .values({ slug: t.data.slug, ...values })
      .onConflict((oc) => oc.column('slug').doUpdateSet(values))
      .execute();
  }
  report.layers = {
    tenants: { inserted: existing ? 0 : 1, updated: existing ? 1 : 0, rejected: 0, skipped: 0 },
  };
  report.committed = !opts.dryRun;
  report.durationMs = Date.now() - started;
  return report;
}

export { layerOf };
