/**
 * Field-mapping files (JSON, `data/mappings/`): which column or property of a source means what.
 * One schema for GeoJSON and CSV sources; `census.ts` has its own.
 *
 * A field is given as:
 *   "park_name"                                 a property / column (dotted paths reach into objects)
 *   { "template": "{street_number} {street_name}" }
 *   { "value": ["food-support"] }               a constant
 *   { "property": "meal_cost", "map": { "Free": true }, "default": false }
 *   { "property": "languages", "split": ";" }   a list
 *   { "first": ["park_id", "park_name"] }       the first of these that has a value
 */

import fs from 'node:fs';
import { z } from 'zod';
import { AUDIENCE_CODES, CATEGORY_CODES } from '../../data/town-format.ts';
import { ImportInputError } from './errors.ts';
import { unknownKey } from './suggest.ts';

type FieldSpecT =
  | string
  | { template: string }
  | { value: unknown }
  | {
      property: string;
      map?: Record<string, unknown>;
      default?: unknown;
      split?: string;
      type?: 'string' | 'number' | 'boolean' | 'date';
    }
  | { first: FieldSpecT[] };

const FieldSpec: z.ZodType<FieldSpecT> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.object({ first: z.array(FieldSpec).min(1) }).strict(),
    z.object({ template: z.string().min(1) }).strict(),
    z.object({ value: z.unknown() }).strict(),
    z
      .object({
        property: z.string().min(1),
        map: z.record(z.string(), z.unknown()).optional(),
        default: z.unknown().optional(),
        split: z.string().optional(),
        type: z.enum(['string', 'number', 'boolean', 'date']).optional(),
      })
      .strict(),
  ]),
);
export type FieldSpec = FieldSpecT;

export const IMPORT_LAYERS = [
  'neighbourhoods',
  'degraded-zones',
  'population-units',
  'parks',
  'gardens',
  'centres',
  'libraries',
  'playgrounds',
  'programs',
] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

/** the fields a mapping may give, by layer (tabular.ts reads exactly these) */
const AREA_FIELDS = [
  'sourceId',
  'name',
  'kind',
  'population',
  'designation',
  'programme',
  'validFrom',
  'validTo',
];
const PLACE_FIELDS = ['sourceId', 'name', 'address', 'openingHours'];
const PROGRAM_FIELDS = [
  'sourceId',
  'title',
  'description',
  'categories',
  'audiences',
  'languages',
  'kind',
  'free',
  'costNote',
  'registrationRequired',
  'registrationPhone',
  'registrationEmail',
  'registrationUrl',
  'organisation',
  'eligibility',
  'address',
];
export const LAYER_FIELDS: Record<ImportLayer, readonly string[]> = {
  neighbourhoods: AREA_FIELDS,
  'degraded-zones': AREA_FIELDS,
  'population-units': AREA_FIELDS,
  parks: PLACE_FIELDS,
  gardens: PLACE_FIELDS,
  centres: PLACE_FIELDS,
  libraries: PLACE_FIELDS,
  playgrounds: PLACE_FIELDS,
  programs: PROGRAM_FIELDS,
};

export const TabularMappingSchema = z
  .object({
    $comment: z.string().optional(),
    format: z.enum(['geojson', 'csv']),
    /** the source name rows are keyed by, with their source id: (tenant, source, source id) */
    source: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ -'),
    layer: z.enum(IMPORT_LAYERS),
    /** coordinate system of the input (EPSG code); reprojected to 4326 on import */
    srid: z.number().int().positive().default(4326),
    encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
    /** CSV: where the geometry is */
    geometry: z
      .union([
        z.object({ x: z.string(), y: z.string() }).strict(),
        z.object({ lon: z.string(), lat: z.string() }).strict(),
        z.object({ wkt: z.string() }).strict(),
      ])
      .optional(),
    delimiter: z.string().length(1).optional(),
    /** the language of the text fields (title, description, name) */
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .default('en'),
    /** a row without geometry: reject it (the import fails) or skip it (reported) */
    nullGeometry: z.enum(['reject', 'skip']).default('reject'),
    /** a source id seen before in the file: reject, or number the repeats (`id#2`, `id#3`) */
    duplicateIds: z.enum(['reject', 'number']).default('reject'),
    fields: z.record(z.string(), FieldSpec),
    attributes: z.record(z.string(), FieldSpec).default({}),
    contact: z.record(z.string(), FieldSpec).default({}),
    accessibility: z.record(z.string(), FieldSpec).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    // a misspelt field ("populaton") would otherwise be ignored without a word
    const valid = LAYER_FIELDS[m.layer];
    for (const key of Object.keys(m.fields)) {
      if (!valid.includes(key))
        ctx.addIssue({
          code: 'custom',
          path: ['fields', key],
          message: unknownKey(`field for ${m.layer}`, key, valid),
        });
    }
  });
export type TabularMapping = z.infer<typeof TabularMappingSchema>;

/** fields each layer needs */
export const REQUIRED_FIELDS: Record<ImportLayer, string[]> = {
  neighbourhoods: ['sourceId', 'name'],
  'degraded-zones': ['sourceId', 'name', 'designation'],
  'population-units': ['sourceId', 'population'],
  parks: ['sourceId', 'name'],
  gardens: ['sourceId', 'name'],
  centres: ['sourceId', 'name'],
  libraries: ['sourceId', 'name'],
  playgrounds: ['sourceId', 'name'],
  programs: ['sourceId', 'title', 'categories', 'audiences'],
};

export const CATEGORY_SET = new Set<string>(CATEGORY_CODES);
export const AUDIENCE_SET = new Set<string>(AUDIENCE_CODES);

export class MappingError extends ImportInputError {}

/** the keys an object schema accepts at `path` (for suggestions), when it can be told */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] | null {
  let s: unknown = schema;
  for (const p of [...path, null]) {
    // unwrap defaults, optionals and refinements down to the object
    for (let i = 0; i < 5 && s && !(s instanceof z.ZodObject); i++) {
      const def = (s as { def?: { innerType?: unknown; in?: unknown } }).def;
      s = def?.innerType ?? def?.in;
    }
    if (!(s instanceof z.ZodObject)) return null;
    if (p === null) return Object.keys(s.shape);
    s = (s.shape as Record<string, unknown>)[String(p)];
  }
  return null;
}

export function parseMapping<S extends z.ZodType>(schema: S, raw: unknown, name: string): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    // "Unrecognized key" becomes the key named, with the nearest valid one
    const unknown = r.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => {
            const valid = keysAt(schema, i.path)?.filter((v) => v !== '$comment');
            const where = i.path.length ? ` in ${i.path.join('.')}` : '';
            return valid ? `${unknownKey(`key${where}`, k, valid)}` : `unknown key${where} "${k}"`;
          })
        : [],
    );
    const rest = r.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    const text = [
      ...unknown.map((u) => `✖ ${u}`),
      ...(rest.length ? [z.prettifyError(new z.ZodError(rest))] : []),
    ].join('\n');
    throw new MappingError(`mapping ${name}: ${text}`);
  }
  return r.data;
}

export function readMappingFile<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  if (!fs.existsSync(file)) throw new MappingError(`mapping file not found: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MappingError(`mapping ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseMapping(schema, raw, file);
}

function lookup(row: Record<string, unknown>, path: string): unknown {
  if (path in row) return row[path];
  let v: unknown = row;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The value of a field for one row; `undefined` when the row has none. Throws on a bad value. */
export function fieldValue(spec: FieldSpec | undefined, row: Record<string, unknown>): unknown {
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') {
    const v = lookup(row, spec);
    return empty(v) ? undefined : typeof v === 'string' ? v.trim() : v;
  }
  if ('template' in spec) {
    let missing = true;
    const out = spec.template.replace(/\{([^}]+)\}/g, (_m, key: string) => {
      const v = lookup(row, key.trim());
      if (empty(v)) return '';
      missing = false;
      return String(v).trim();
    });
    const cleaned = out.replace(/\s+/g, ' ').replace(/\s+,/g, ',').trim();
    return missing || cleaned === '' ? undefined : cleaned;
  }
  if ('value' in spec) return spec.value;
  if ('first' in spec) {
    for (const s of spec.first) {
      const v = fieldValue(s, row);
      if (v !== undefined && v !== null && v !== '') return v;
    }
    return undefined;
  }
  let v = lookup(row, spec.property);
  if (empty(v)) return spec.default;
  if (typeof v === 'string') v = v.trim();
  if (spec.map) {
    const key = String(v);
    if (key in spec.map) v = spec.map[key];
    else if (spec.default !== undefined) v = spec.default;
  }
  if (spec.split && typeof v === 'string') {
    return v
      .split(spec.split)
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (spec.type === 'number' && typeof v === 'string') {
    const n = Number(v.replace(/[\s,]/g, ''));
    if (!Number.isFinite(n)) throw new Error(`${spec.property} is not a number: "${v}"`);
    return n;
  }
  if (spec.type === 'boolean' && typeof v === 'string') {
    const t = v.toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(t)) return true;
    if (['false', 'no', 'n', '0'].includes(t)) return false;
    throw new Error(`${spec.property} is not yes/no: "${v}"`);
  }
  return v;
}
