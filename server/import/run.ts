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
import { type AuditActor, recordAudit } from '../audit/record.ts';
import { DEFAULT_OCCURRENCE_HORIZON_DAYS } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { type CensusMapping, CensusMappingSchema, importCensus } from './census.ts';
import { parseCsv } from './csv.ts';
import { ImportInputError } from './errors.ts';
import { parseGeoJson } from './geojson.ts';
import {
  IMPORT_LAYERS,
  type ImportLayer,
  LAYER_FIELDS,
  MappingError,
  parseMapping,
  readMappingFile,
  type TabularMapping,
  TabularMappingSchema,
} from './mapping.ts';
import type { ParseItem, ProgressFn, RowIssue } from './records.ts';
import { sanitizeUrls } from './urls.ts';
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
  /** days of stored occurrences rewritten with the import (OCCURRENCE_HORIZON_DAYS) */
  occurrenceHorizonDays?: number;
  /** who imports, for the audit log (default: the import CLI) */
  audit?: AuditActor;
}

const IMPORT_CLI_ACTOR: AuditActor = { kind: 'import', label: 'npm run import' };

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
  /** an OpenStreetMap extract replaces its source's basemap wholesale: features before and now */
  basemapReplaced?: { before: number; after: number };
  /** places and programs of this source outside every neighbourhood (kept, and counted) */
  outsideNeighbourhoods: { count: number; examples: string[] } | null;
  census?: {
    totalPopulation: number;
    matched: { census: string; neighbourhood: string; population: number | null; via: string }[];
  };
  notes: string[];
  /** issues beyond the first MAX_REPORTED_ISSUES, counted but not listed */
  issuesOmitted?: number;
  /** of which errors */
  errorsOmitted?: number;
  durationMs: number;
}

/** The import was refused: nothing was changed. The report says why, row by row. */
export class ImportRejected extends Error {
  constructor(readonly report: ImportReport) {
    const errors = report.issues.filter((i) => i.severity === 'error');
    const count = errors.length + (report.errorsOmitted ?? 0);
    super(
      `Import rejected, nothing was changed: ${count} row${count === 1 ? '' : 's'} with errors` +
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
          : LAYER_FIELDS[layer].includes('address')
            ? { name: 'name', address: 'address' }
            : { name: 'name' }),
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

/** the most issues a report lists; the rest are counted (a file of a million bad rows stays readable) */
export const MAX_REPORTED_ISSUES = 10_000;

function addIssue(report: ImportReport, issue: RowIssue) {
  if (report.issues.length < MAX_REPORTED_ISSUES) report.issues.push(issue);
  else {
    report.issuesOmitted = (report.issuesOmitted ?? 0) + 1;
    if (issue.severity === 'error') report.errorsOmitted = (report.errorsOmitted ?? 0) + 1;
  }
}

const errorCount = (report: ImportReport) =>
  report.issues.filter((i) => i.severity === 'error').length + (report.errorsOmitted ?? 0);

/**
 * Reads the parser's items and hands the records to the writer, which stores them in bounded
 * batches: memory holds one batch, whatever the size of the file. Once a row is rejected (and not
 * --skip-invalid) nothing more is written — the transaction will be rolled back — but the rest of
 * the file is still read, so that the report names every bad row.
 */
async function stream(
  items: Iterable<ParseItem> | AsyncIterable<ParseItem>,
  writer: RecordWriter,
  report: ImportReport,
  opts: ImportOptions,
  issueLayer: string | null,
): Promise<{ located: boolean; writing: boolean }> {
  let n = 0;
  let located = false;
  let writing = true;
  for await (const item of items) {
    if (++n % 1000 === 0) opts.onProgress?.(n, null);
    if (item.type === 'issue') {
      addIssue(report, item.issue);
      if (item.issue.severity === 'error') {
        if (issueLayer) layerCounts(report, issueLayer).rejected++;
        if (!opts.skipInvalid) writing = false;
      } else if (issueLayer && /skipped/.test(item.issue.reason)) layerCounts(report, issueLayer).skipped++;
      continue;
    }
    for (const note of sanitizeUrls(item)) addIssue(report, note);
    if (!writing) continue;
    if (item.type === 'place' || item.type === 'opportunity') located = true;
    await writer.add(item);
  }
  if (writing) await writer.flush();
  return { located, writing };
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
    let items: Iterable<ParseItem> | AsyncIterable<ParseItem> | null = null;
    let issueLayer: string | null = null;
    let census: CensusMapping | null = null;

    if (opts.format === 'geojson' || opts.format === 'csv') {
      const mapping = loadTabularMapping(opts, opts.format);
      report.source = opts.source ?? mapping.source;
      srid = mapping.srid;
      issueLayer = mapping.layer;
      items = opts.format === 'geojson' ? parseGeoJson(opts.path, mapping) : parseCsv(opts.path, mapping);
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
      items = parser({
        path: opts.path,
        source: report.source,
        timezone: tenant.timezone,
        mapping: opts.mapping,
        onProgress: opts.onProgress,
      });
    }

    await db
      .transaction()
      .execute(async (trx) => {
        if (census) {
          const r = await importCensus(trx, tenant.id, opts.path, census);
          report.layers = r.counts;
          for (const i of r.issues) addIssue(report, i);
          report.census = { totalPopulation: r.totalPopulation, matched: r.matched };
        } else if (items) {
          const writer = new RecordWriter(
            trx,
            tenant.id,
            tenant.slug,
            report.source,
            srid,
            Boolean(opts.skipInvalid),
          );
          const { located, writing } = await stream(items, writer, report, opts, issueLayer);
          for (const [layer, c] of Object.entries(writer.counts)) {
            const have = layerCounts(report, layer);
            have.inserted += c.inserted;
            have.updated += c.updated;
            have.rejected += c.rejected;
            have.skipped += c.skipped;
          }
          for (const i of writer.issues) addIssue(report, i);
          report.geometryFixes = writer.geometryFixes;
          if (writer.basemapBefore !== null) {
            const after = writer.counts.basemap?.inserted ?? 0;
            report.basemapReplaced = { before: writer.basemapBefore, after };
            report.notes.push(
              `the basemap of source "${report.source}" was replaced: ${writer.basemapBefore} features before, ${after} now`,
            );
          }
          if (located && writing) {
            report.outsideNeighbourhoods = await outsideNeighbourhoods(trx, tenant.id, report.source);
          }
        }
        if (!opts.skipInvalid && errorCount(report) > 0) throw new ImportRejected(report);
        if (opts.skipInvalid) {
          const skipped = errorCount(report);
          if (skipped)
            report.notes.push(`${skipped} invalid rows skipped (--skip-invalid); each is listed in issues`);
        }
        if (report.issuesOmitted)
          report.notes.push(
            `${report.issuesOmitted} further issues are not listed (the first ${MAX_REPORTED_ISSUES} are)`,
          );
        const rounded = report.issues.filter((i) => /has decimals: rounded/.test(i.reason)).length;
        if (rounded)
          report.notes.push(`${rounded} population values with decimals were rounded to whole residents`);
        if (report.geometryFixes)
          report.notes.push(`${report.geometryFixes} invalid geometries repaired with ST_MakeValid`);
        if (opts.dryRun) throw new Rollback();
        // the stored occurrences change with the opportunities, in this transaction
        if (items)
          await refreshAfterChange(trx, tenant.id, {
            now: Date.now(),
            horizonDays: opts.occurrenceHorizonDays ?? DEFAULT_OCCURRENCE_HORIZON_DAYS,
          });
        // What the planner has stored was computed from the data this import changes. With a
        // recompute to follow, the old figures keep answering until the new ones replace them in
        // one transaction (the planner is never without figures); without one, they are dropped.
        if (!opts.recomputeAccess) await clearAccess(trx, tenant.id);
        const run = await trx
          .insertInto('import_run')
          .values({
            tenant_id: tenant.id,
            format: opts.format,
            source: report.source,
            file,
            started_at: new Date(started).toISOString(),
            report: JSON.stringify({ ...report, committed: true }),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // one audit entry per import, with its report, in the import's transaction
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: opts.audit ?? IMPORT_CLI_ACTOR,
          action: 'import',
          entity: { type: 'import_run', id: run.id },
          next: { ...report, committed: true } as unknown as Record<string, unknown>,
          summary: importSummary(report),
        });
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
    report.committed = !opts.dryRun;
    if (opts.dryRun) report.notes.push('dry run: nothing was changed');
    else if (opts.recomputeAccess) {
      const t = Date.now();
      try {
        await recomputeAccess(db, tenant.id);
        report.notes.push(`access for the planner recomputed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      } catch (err) {
        // the import is committed; figures of the data before it must not pass for current ones
        await clearAccess(db, tenant.id).catch(() => {});
        report.notes.push(
          `the import is committed, but the planner's access could not be recomputed (${(err as Error).message}); ` +
            'the planner answers 503 until POST /api/admin/analytics/recompute succeeds',
        );
      }
    }
    return report;
  } finally {
    report.durationMs = Date.now() - started;
  }
}

/** "Imported parks.geojson (geojson): places +12 ~3" */
function importSummary(r: ImportReport): string {
  const counts = Object.entries(r.layers)
    .map(([layer, c]) => `${layer} +${c.inserted} ~${c.updated}${c.skipped ? ` skipped ${c.skipped}` : ''}`)
    .join(', ');
  const basemap = r.basemapReplaced
    ? `; basemap replaced (${r.basemapReplaced.before} → ${r.basemapReplaced.after} features)`
    : '';
  return `Imported ${r.file} (${r.format}, source "${r.source}")${counts ? `: ${counts}` : ''}${basemap}`;
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
    await db.transaction().execute(async (trx) => {
      const previous = existing
        ? await trx.selectFrom('tenant').selectAll().where('id', '=', existing.id).executeTakeFirst()
        : undefined;
      const row = await trx
        .insertInto('tenant')
        .values({ slug: t.data.slug, ...values })
        .onConflict((oc) => oc.column('slug').doUpdateSet(values))
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        tenantId: row.id,
        actor: opts.audit ?? IMPORT_CLI_ACTOR,
        action: 'import',
        entity: { type: 'tenant', id: row.id },
        previous: previous ? (previous as unknown as Record<string, unknown>) : null,
        next: { ...t.data },
        summary: `${existing ? 'Updated' : 'Created'} tenant "${t.data.slug}" from ${report.file}`,
      });
      // the stored occurrences' local hours follow a changed time zone, in the same transaction
      if (existing)
        await refreshAfterChange(trx, row.id, {
          now: Date.now(),
          horizonDays: opts.occurrenceHorizonDays ?? DEFAULT_OCCURRENCE_HORIZON_DAYS,
          whole: true,
        });
    });
  }
  report.layers = {
    tenants: { inserted: existing ? 0 : 1, updated: existing ? 1 : 0, rejected: 0, skipped: 0 },
  };
  report.committed = !opts.dryRun;
  report.durationMs = Date.now() - started;
  return report;
}

export { layerOf };
