/**
 * One row of a GeoJSON or CSV source, through its field mapping, into a record of its layer.
 * Shared by `geojson.ts` and `csv.ts`; a row that cannot be turned into a record becomes an issue
 * naming the row and the field.
 */
import type { Geometry } from 'geojson';
import {
  AUDIENCE_SET,
  CATEGORY_SET,
  type FieldSpec,
  fieldValue,
  type ImportLayer,
  REQUIRED_FIELDS,
  type TabularMapping,
} from './mapping.ts';
import type { ImportRecord, ParseItem, PlaceKind, SourceRef } from './records.ts';

const PLACE_KIND: Partial<Record<ImportLayer, PlaceKind>> = {
  parks: 'park',
  gardens: 'community_garden',
  centres: 'community_centre',
  libraries: 'library',
  playgrounds: 'playground',
};

export class RowError extends Error {}

function str(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') throw new RowError(`${field} is not text`);
  return String(v);
}

function num(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).replace(/[\s,]/g, ''));
  if (!Number.isFinite(n)) throw new RowError(`${field} is not a number: "${String(v)}"`);
  return n;
}

function list(v: unknown, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  if (typeof v === 'string')
    return v
      .split(/[;,|]/)
      .map((x) => x.trim())
      .filter(Boolean);
  throw new RowError(`${field} is not a list`);
}

function bool(v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'free'].includes(t)) return true;
  if (['false', 'no', 'n', '0'].includes(t)) return false;
  throw new RowError(`${field} is not yes/no: "${String(v)}"`);
}

function record(specs: Record<string, FieldSpec>, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(specs)) {
    const v = fieldValue(spec, row);
    if (v !== undefined && v !== null && v !== '') out[k] = v;
  }
  return out;
}

/** Tracks source ids within one file: repeats are rejected or numbered, per the mapping. */
export class SourceIds {
  private seen = new Map<string, number>();
  constructor(private readonly policy: TabularMapping['duplicateIds']) {}
  take(id: string): string {
    const n = (this.seen.get(id) ?? 0) + 1;
    this.seen.set(id, n);
    if (n === 1) return id;
    if (this.policy === 'number') return `${id}#${n}`;
    throw new RowError(`source id "${id}" appears more than once in the file`);
  }
}

/**
 * A row and its geometry (GeoJSON, or WKT text) → a record, or an issue. `geometry === null`
 * follows the mapping's `nullGeometry` rule.
 */
export function rowToItem(
  mapping: TabularMapping,
  row: Record<string, unknown>,
  geometry: Geometry | null,
  ref: SourceRef,
  ids: SourceIds,
  wkt?: string,
): ParseItem[] {
  const notes: ParseItem[] = [];
  try {
    const f = (name: string) => fieldValue(mapping.fields[name], row);
    for (const name of REQUIRED_FIELDS[mapping.layer]) {
      if (!(name in mapping.fields)) throw new RowError(`the mapping gives no field "${name}"`);
    }
    const rawId = str(f('sourceId'), 'sourceId');
    if (!rawId) throw new RowError(`no source id (${describe(mapping.fields.sourceId)} is empty)`);
    if (!geometry && !wkt) {
      const reason = 'no geometry';
      if (mapping.nullGeometry === 'skip') {
        return [
          {
            type: 'issue',
            issue: { ref, reason: `${reason}: skipped, as the mapping says`, severity: 'warning' },
          },
        ];
      }
      throw new RowError(reason);
    }
    const sourceId = ids.take(rawId);
    const lang = mapping.language;
    const layer = mapping.layer;
    let rec: ImportRecord;
    if (layer === 'neighbourhoods' || layer === 'degraded-zones' || layer === 'population-units') {
      const name = str(f('name'), 'name') ?? (layer === 'population-units' ? sourceId : undefined);
      if (!name) throw new RowError('no name');
      rec = {
        type: 'area',
        kind:
          layer === 'neighbourhoods'
            ? 'neighbourhood'
            : layer === 'population-units'
              ? 'population_unit'
              : ((str(f('kind'), 'kind') as 'degraded_zone' | 'revitalization_zone' | undefined) ??
                'degraded_zone'),
        sourceId,
        name,
        geometry,
        population: population(num(f('population'), 'population'), ref, notes),
        designation: str(f('designation'), 'designation') ?? null,
        programme: str(f('programme'), 'programme') ?? null,
        validFrom: str(f('validFrom'), 'validFrom') ?? null,
        validTo: str(f('validTo'), 'validTo') ?? null,
        ref,
      };
      if (layer === 'degraded-zones' && !rec.designation)
        throw new RowError('a degraded zone needs its designation');
      if (layer === 'population-units' && rec.population == null)
        throw new RowError('a population unit needs its population');
    } else if (layer === 'programs') {
      const title = str(f('title'), 'title');
      if (!title) throw new RowError('no title');
      const categories = list(f('categories'), 'categories');
      const audiences = list(f('audiences'), 'audiences');
      const badCat = categories.filter((c) => !CATEGORY_SET.has(c));
      if (badCat.length) throw new RowError(`unknown categories: ${badCat.join(', ')}`);
      const badAud = audiences.filter((a) => !AUDIENCE_SET.has(a));
      if (badAud.length) throw new RowError(`unknown audiences: ${badAud.join(', ')}`);
      if (!categories.length) throw new RowError('no category');
      const description = str(f('description'), 'description');
      const free = bool(f('free'), 'free');
      const kind = (str(f('kind'), 'kind') ?? 'program') as 'program';
      rec = {
        type: 'opportunity',
        kind,
        sourceId,
        geometry,
        title: { [lang]: title },
        ...(description ? { description: { [lang]: description } } : {}),
        categories,
        audiences: audiences.length ? audiences : ['everyone'],
        languages: list(f('languages'), 'languages').length ? list(f('languages'), 'languages') : [lang],
        cost: {
          free: free ?? false,
          ...(str(f('costNote'), 'costNote') ? { note: str(f('costNote'), 'costNote') } : {}),
        },
        registration: {
          required: bool(f('registrationRequired'), 'registrationRequired') ?? false,
          ...record(
            {
              phone: mapping.fields.registrationPhone ?? { value: undefined },
              email: mapping.fields.registrationEmail ?? { value: undefined },
              url: mapping.fields.registrationUrl ?? { value: undefined },
            },
            row,
          ),
        },
        organisation: str(f('organisation'), 'organisation') ?? null,
        eligibility: str(f('eligibility'), 'eligibility') ?? null,
        accessibility: record(mapping.accessibility, row),
        contact: Object.fromEntries(
          Object.entries(record(mapping.contact, row)).map(([k, v]) => [k, String(v)]),
        ),
        schedules: [],
        status: 'published',
        ref,
      };
      const address = str(f('address'), 'address');
      rec.attributes = { ...record(mapping.attributes, row), ...(address ? { address } : {}) };
    } else {
      const kind = PLACE_KIND[layer];
      if (!kind) throw new RowError(`layer ${layer} cannot hold places`);
      const name = str(f('name'), 'name');
      if (!name) throw new RowError('no name');
      rec = {
        type: 'place',
        kind,
        sourceId,
        name,
        geometry,
        address: str(f('address'), 'address') ?? null,
        openingHours: str(f('openingHours'), 'openingHours') ?? null,
        accessibility: record(mapping.accessibility, row),
        contact: Object.fromEntries(
          Object.entries(record(mapping.contact, row)).map(([k, v]) => [k, String(v)]),
        ),
        attributes: record(mapping.attributes, row),
        ref,
      };
    }
    if (wkt) (rec as { wkt?: string }).wkt = wkt;
    return [rec, ...notes];
  } catch (err) {
    return [{ type: 'issue', issue: { ref, reason: (err as Error).message, severity: 'error' } }];
  }
}

/**
 * A population count: census tables and their GeoJSON exports often hold weighted estimates with
 * decimals (27613.09); they are rounded to whole residents, and the row says so. A negative count
 * is an error.
 */
function population(n: number | undefined, ref: SourceRef, notes: ParseItem[]): number | null {
  if (n === undefined) return null;
  if (n < 0) throw new RowError(`population is negative: ${n}`);
  if (n > 2_000_000_000) throw new RowError(`population is too large: ${n}`);
  if (Number.isInteger(n)) return n;
  const rounded = Math.round(n);
  notes.push({
    type: 'issue',
    issue: { ref, reason: `population ${n} has decimals: rounded to ${rounded}`, severity: 'warning' },
  });
  return rounded;
}

function describe(spec: FieldSpec | undefined): string {
  if (!spec) return 'the field';
  if (typeof spec === 'string') return `"${spec}"`;
  if ('template' in spec) return `template "${spec.template}"`;
  if ('property' in spec) return `"${spec.property}"`;
  if ('first' in spec) return `any of ${spec.first.map(describe).join(', ')}`;
  return 'the constant';
}
