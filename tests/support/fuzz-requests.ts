/**
 * fast-check arbitraries of whole HTTP requests for one operation: each parameter gets a mix of
 * values that pass validation (from its schema, and the demo town's real ids) and hostile ones;
 * bodies are generated from the operation's JSON schema and then broken in every way a client can
 * break them (wrong content type, invalid, deeply nested or oversized JSON, huge and
 * self-intersecting polygons, multipart garbage).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { AUDIENCE_CODES, CATEGORY_CODES } from '../../data/town-format.ts';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { JsonSchema, Operation, Parameter } from './fuzz-operations.ts';
import {
  encodeValue,
  HOSTILE_BBOXES,
  HOSTILE_COORDINATES,
  HOSTILE_DATES,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  hostileString,
  plausibleDate,
  plausibleInstant,
  RAW_QUERY_GARBAGE,
  TOWN,
  townBbox,
  townLat,
  townLon,
} from './fuzz-values.ts';

/** what the demo town's database holds, read once per test file */
export interface TownFacts {
  tenant: string;
  opportunityIds: string[];
  placeIds: string[];
  areaIds: string[];
  centreSlugs: string[];
  kioskSlugs: string[];
}

export interface FuzzRequest {
  method: string;
  /** path and query, already encoded */
  url: string;
  headers: Record<string, string>;
  body?: string | FormData | Uint8Array;
  /** which app answers: with the admin token configured, or without (admin API off) */
  adminApp: boolean;
  /** a short human description of the body, for reports */
  bodyLabel: string;
  /** how hostile the request is meant to be (see Mode) */
  mode: Mode;
}

/** a request printed short enough for a report: long values are cut */
export function describeRequest(r: FuzzRequest): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s);
  const auth = r.headers.authorization ? ` auth=${cut(r.headers.authorization, 40)}` : '';
  const ct = r.headers['content-type'] ? ` content-type=${cut(r.headers['content-type'], 60)}` : '';
  const app = r.adminApp ? ' [ADMIN_TOKEN set]' : ' [no ADMIN_TOKEN]';
  return `[${r.mode}] ${r.method} ${cut(r.url, 300)}${ct}${auth}${r.body !== undefined ? ` body=${cut(r.bodyLabel, 300)}` : ''}${app}`;
}

export const ADMIN_TOKEN = 'fuzz-admin-token-0123456789';
export const TENANTS = ['nowhere', 'vancouver', 'a'.repeat(64), 'lindmere-2', '-'];

const LAYERS = ['gardens', 'parks', 'programs', 'degraded-zones', 'neighbourhoods', 'centres'];
const LANGS = ['en', 'fr', 'he', 'pl', 'uk', 'ru'];
const SETS = [
  'parks',
  'gardens',
  'centres',
  'playgrounds',
  'libraries',
  'programs',
  'programs:audience=seniors',
  'programs:category=sport',
  'programs:audience=youth,category=culture',
  'programs:language=uk',
];
const SEARCH_WORDS = ['linden', 'Linden Heigths', 'Késtrel', 'park', 'garden', 'centre', 'Ogród', 'שלום'];

/** a comma list of codes, sometimes with hostile members */
function codeList(codes: readonly string[]): { valid: fc.Arbitrary<string>; hostile: fc.Arbitrary<string> } {
  const valid = fc
    .uniqueArray(fc.constantFrom(...codes), { minLength: 1, maxLength: 3 })
    .map((l) => l.join(','));
  const hostile = fc.oneof(
    fc.tuple(valid, hostileString).map(([v, h]) => `${v},${h}`),
    fc.constantFrom(',,,', ' , ', `${codes[0]},`.repeat(20_000), codes.join(',').toUpperCase()),
    hostileString,
  );
  return { valid, hostile };
}

function schemaNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<string> {
  // without bounds in the schema: small values, which the routes' own limits (50, 200, 500…) accept
  const min = s.minimum ?? s.exclusiveMinimum ?? 1;
  const max = s.maximum ?? s.exclusiveMaximum ?? 50;
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) }).map(String);
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: s.exclusiveMinimum !== undefined })
    .map((n) => String(+n.toFixed(4) || max));
}

/** values that pass (or nearly pass) validation, by the parameter's name, then by its schema */
function validValue(p: Parameter, facts: TownFacts, op: Operation): fc.Arbitrary<string> {
  const s = p.schema;
  const ids = [...facts.opportunityIds, ...facts.placeIds, ...facts.areaIds];
  switch (p.name) {
    case 'tenant':
      return fc.oneof(
        { weight: 6, arbitrary: fc.constant(facts.tenant) },
        { weight: 1, arbitrary: fc.constantFrom(...TENANTS) },
      );
    case 'lang':
      return fc.constantFrom(...LANGS, 'xx', 'zzz');
    case 'id': {
      const preferred = op.path.startsWith('/opportunities')
        ? facts.opportunityIds
        : op.path.startsWith('/places')
          ? facts.placeIds
          : op.path.startsWith('/planner')
            ? facts.areaIds
            : ids;
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...preferred) },
        { weight: 1, arbitrary: fc.constantFrom(...ids) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom(...preferred).map((x) => x.toUpperCase()) },
      );
    }
    case 'slug':
      return fc.constantFrom(...facts.kioskSlugs, ...facts.centreSlugs, 'lobby', 'fuzz-kiosk', 'nowhere');
    case 'bbox':
      return fc.oneof(townBbox, fc.constant(`${TOWN.minLon},${TOWN.minLat},${TOWN.maxLon},${TOWN.maxLat}`));
    case 'lon':
      return fc.oneof(
        { weight: 4, arbitrary: townLon.map((n) => n.toFixed(6)) },
        { weight: 1, arbitrary: fc.integer({ min: -180, max: 180 }).map(String) },
      );
    case 'lat':
      return fc.oneof(
        { weight: 4, arbitrary: townLat.map((n) => n.toFixed(6)) },
        { weight: 1, arbitrary: fc.integer({ min: -90, max: 90 }).map(String) },
      );
    case 'radius_m':
      return fc.integer({ min: 1, max: 5000 }).map(String);
    case 'category':
      return codeList(CATEGORY_CODES).valid;
    case 'audience':
    case 'prefer':
      return s.enum ? fc.constantFrom(...(s.enum as string[])) : codeList(AUDIENCE_CODES).valid;
    case 'language':
      return codeList(LANGS).valid;
    case 'layers':
      // near-me lists the point layers only; its example names them
      return codeList(op.path === '/nearby' ? ['gardens', 'parks', 'centres', 'programs'] : LAYERS).valid;
    case 'q':
      return fc.constantFrom(...SEARCH_WORDS);
    case 'occurrence':
      return plausibleInstant;
    case 'from':
    case 'to':
      return plausibleDate;
    case 'set':
      return fc.constantFrom(...SETS);
  }
  if (s.enum?.length) return fc.constantFrom(...s.enum.map(String));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  if (type === 'boolean') return fc.constantFrom('true', 'false', '1', '0');
  if (type === 'integer') return schemaNumber(s, true);
  if (type === 'number') return schemaNumber(s, false);
  if (s.pattern) {
    try {
      return fc.stringMatching(new RegExp(s.pattern), { maxLength: s.maxLength ?? 64 });
    } catch {
      // a pattern fast-check cannot generate from: fall through to examples
    }
  }
  if (s.example !== undefined) return fc.constant(String(s.example));
  return fc.string({ maxLength: 20 });
}

function hostileValue(p: Parameter): fc.Arbitrary<string> {
  const s = p.schema;
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const pools: fc.Arbitrary<string>[] = [hostileString];
  if (p.name === 'bbox') pools.push(fc.constantFrom(...HOSTILE_BBOXES), fc.constantFrom(...HOSTILE_BBOXES));
  if (p.name === 'lon' || p.name === 'lat') pools.push(fc.constantFrom(...HOSTILE_COORDINATES));
  if (type === 'integer' || type === 'number' || ['radius_m', 'limit', 'minutes'].includes(p.name))
    pools.push(fc.constantFrom(...HOSTILE_NUMBERS), fc.constantFrom(...HOSTILE_NUMBERS));
  if (['occurrence', 'from', 'to'].includes(p.name) || /date|\\d\{4\}/.test(s.pattern ?? ''))
    pools.push(fc.constantFrom(...HOSTILE_DATES), fc.constantFrom(...HOSTILE_DATES));
  if (p.name === 'category') pools.push(codeList(CATEGORY_CODES).hostile);
  if (p.name === 'audience' || p.name === 'prefer') pools.push(codeList(AUDIENCE_CODES).hostile);
  if (p.name === 'language') pools.push(codeList(LANGS).hostile);
  if (p.name === 'layers') pools.push(codeList(LAYERS).hostile);
  if (p.name === 'set')
    pools.push(
      fc.constantFrom(
        'programs:language=zz',
        'programs:audience=everyone,audience=seniors',
        'programs:',
        'programs:category=',
        `programs:${'category=sport,'.repeat(20)}`,
        'parks:audience=seniors',
        ':',
      ),
    );
  if (p.name === 'tenant') pools.push(fc.constantFrom(...TENANTS));
  return fc.oneof(...pools);
}

/**
 * How hostile one request is. Every parameter hostile at once would be refused by the first
 * validation check every time, so most requests are valid but for one parameter (or not at all):
 * the hostile value then reaches the code behind validation whenever validation lets it through.
 */
export type Mode = 'valid' | 'one' | 'chaos';
const modeArb = fc.constantFrom<Mode>('valid', 'one', 'one', 'chaos');

const PATH_GARBAGE = ['%zz', '%00', '%ED%A0%80', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%252e'];

/** an encoded value of one parameter: valid, hostile, or either (raw garbage included) */
function paramValue(p: Parameter, facts: TownFacts, op: Operation, kind: 'valid' | 'hostile' | 'any') {
  const valid = validValue(p, facts, op).map(encodeValue);
  const hostile = fc.oneof(
    { weight: 3, arbitrary: hostileValue(p).map(encodeValue) },
    { weight: 1, arbitrary: fc.constantFrom(...(p.in === 'path' ? PATH_GARBAGE : RAW_QUERY_GARBAGE)) },
  );
  const a = kind === 'valid' ? valid : kind === 'hostile' ? hostile : fc.oneof(valid, hostile);
  if (p.in !== 'path') return a;
  // an empty or dot segment is resolved away by the URL parser before the app sees it
  return a.filter((v) => !['', '.', '..', '%2e', '%2e%2e'].includes(v.toLowerCase()));
}

const unknownParam = fc
  .oneof(
    fc.constantFrom(
      'foo',
      '__proto__',
      'constructor',
      'tenant[]',
      'bbox[0]',
      'q[]',
      'limit[$gt]',
      'x'.repeat(5000),
    ),
    hostileString.filter((s) => s.length > 0 && s.length < 200),
  )
  .chain((name) => hostileString.map((v) => `${encodeValue(name)}=${encodeValue(v)}`));

/** the path (parameters substituted) and the query string of one request */
function parametersArb(
  op: Operation,
  facts: TownFacts,
  mode: Mode,
): fc.Arbitrary<{ path: string; query: string }> {
  const params = op.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const pick = (i: number) => (params.length ? fc.constant(i % params.length) : fc.constant(-1));
  return fc
    .nat()
    .chain((n) => pick(n))
    .chain((hostileIndex) => {
      const values = params.map((p, i) => {
        const kind = mode === 'chaos' ? 'any' : mode === 'one' && i === hostileIndex ? 'hostile' : 'valid';
        const v = paramValue(p, facts, op, kind);
        // optional query parameters are left out about half the time, unless they carry the hostile value
        if (p.required || p.in === 'path' || (mode === 'one' && i === hostileIndex)) return v;
        // a point is lon and lat together (one without the other is refused before anything else)
        if (p.name === 'lon' || p.name === 'lat') return v.map((x) => ({ coordinate: x }));
        return fc.option(v, { freq: 2 });
      });
      const query = params.filter((p) => p.in === 'query');
      const chaos = mode === 'chaos';
      return fc.tuple(
        fc.tuple(...values),
        // repeated parameters: a second value for some parameter
        query.length && mode !== 'valid'
          ? fc.option(
              fc
                .constantFrom(...query)
                .chain((p) => paramValue(p, facts, op, 'any').map((v) => `${encodeValue(p.name)}=${v}`)),
              { freq: chaos ? 3 : 6 },
            )
          : fc.constant(null),
        fc.option(unknownParam, { freq: chaos ? 3 : 8 }),
        chaos ? fc.option(fc.constantFrom(...RAW_QUERY_GARBAGE), { freq: 3 }) : fc.constant(null),
        fc.boolean(),
        fc.boolean(),
      );
    })
    .map(([values, repeated, unknown, raw, reverse, point]) => {
      let path = op.path;
      const items: string[] = [];
      params.forEach((p, i) => {
        const given = values[i];
        if (given === null || given === undefined) return;
        if (typeof given === 'object' && !point) return;
        const v = typeof given === 'object' ? given.coordinate : given;
        if (p.in === 'path') path = path.replace(`{${p.name}}`, v);
        else items.push(`${encodeValue(p.name)}=${v}`);
      });
      if (repeated) items.push(repeated);
      if (unknown) items.push(unknown);
      if (raw) items.push(raw);
      if (reverse) items.reverse();
      return { path, query: items.length ? `?${items.join('&')}` : '' };
    });
}

// ---------------------------------------------------------------- JSON bodies

/** a closed ring of n vertices around a centre (n ≥ 3), radius in degrees */
function ring(cx: number, cy: number, r: number, n: number): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    pts.push([+(cx + r * Math.cos(a)).toFixed(7), +(cy + r * Math.sin(a) * 0.6).toFixed(7)]);
  }
  pts.push(pts[0] as [number, number]);
  return pts;
}

const CX = (TOWN.minLon + TOWN.maxLon) / 2;
const CY = (TOWN.minLat + TOWN.maxLat) / 2;

/** geometries a planner draws, and ones an attacker sends */
export function geometryArb(heavy: boolean): fc.Arbitrary<unknown> {
  const maxVertices = heavy ? 200_000 : 20_000;
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(townLon, townLat).map((c) => ({ type: 'Point', coordinates: c })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          townLon,
          townLat,
          fc.double({ min: 0.0005, max: 0.03, noNaN: true }),
          fc.integer({ min: 3, max: 40 }),
        )
        .map(([x, y, r, n]) => ({ type: 'Polygon', coordinates: [ring(x, y, r, n)] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1000, max: maxVertices })
        .map((n) => ({ type: 'Polygon', coordinates: [ring(CX, CY, 0.02, n)] })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        // world-sized, the poles, antipodal edges
        {
          type: 'Polygon',
          coordinates: [
            [
              [-180, -90],
              [180, -90],
              [180, 90],
              [-180, 90],
              [-180, -90],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [-179.9, -89],
              [179.9, -89],
              [179.9, 89],
              [-179.9, 89],
              [-179.9, -89],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [180, 0],
              [0, 0.0001],
              [0, 0],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [-90, 0],
              [90, 0],
              [90, 1],
              [-90, 1],
              [-90, 0],
            ],
          ],
        },
        { type: 'Point', coordinates: [180, 90] },
        { type: 'Point', coordinates: [-180, -90] },
        { type: 'Point', coordinates: [-0, -0] },
        // self-intersecting bow tie, zero area, repeated points, a hole outside its shell
        {
          type: 'Polygon',
          coordinates: [
            [
              [3.46, 54.49],
              [3.54, 54.52],
              [3.54, 54.49],
              [3.46, 54.52],
              [3.46, 54.49],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [3.5, 54.5],
              [3.5, 54.5],
              [3.5, 54.5],
              [3.5, 54.5],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [
            [
              [3.46, 54.49],
              [3.47, 54.49],
              [3.48, 54.49],
              [3.46, 54.49],
            ],
          ],
        },
        {
          type: 'Polygon',
          coordinates: [ring(CX, CY, 0.01, 8), ring(CX + 1, CY, 0.01, 8)],
        },
        {
          type: 'MultiPolygon',
          coordinates: Array.from({ length: 50 }, (_, i) => [ring(CX, CY, 0.001 + i * 0.0004, 100)]),
        },
        {
          type: 'Polygon',
          coordinates: Array.from({ length: 50 }, (_, i) => ring(CX, CY, 0.02 - i * 0.0003, 200)),
        },
        // shapes that must fail validation
        {
          type: 'Polygon',
          coordinates: [
            [
              [3.46, 54.49],
              [3.54, 54.52],
              [3.54, 54.49],
            ],
          ],
        },
        { type: 'Polygon', coordinates: [] },
        { type: 'Polygon', coordinates: [[]] },
        { type: 'Point', coordinates: [] },
        { type: 'Point', coordinates: [3.5] },
        { type: 'Point', coordinates: [3.5, 54.5, 10, 20] },
        { type: 'Point', coordinates: ['3.5', '54.5'] },
        { type: 'Point', coordinates: [null, null] },
        {
          type: 'LineString',
          coordinates: [
            [3.46, 54.49],
            [3.54, 54.52],
          ],
        },
        { type: 'GeometryCollection', geometries: [] },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [3.5, 54.5] } },
      ),
    },
  );
}

/** JSON values that break assumptions: huge numbers, deep nesting, big arrays, prototype keys */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -0,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    [],
    {},
    [null],
    { __proto__: { admin: true } },
    JSON.parse('{"__proto__":{"polluted":true}}'),
    Array.from({ length: 50_000 }, () => 'en'),
    Array.from({ length: 1000 }, (_, i) => `lang-${i}`),
  ),
  hostileString,
  fc.constantFrom(...HOSTILE_STRINGS.slice(0, 30)),
  fc.anything({ maxDepth: 3, maxKeys: 4 }),
);

function fromSchema(s: JsonSchema, name: string, facts: TownFacts, heavy: boolean): fc.Arbitrary<unknown> {
  if (name === 'geometry') return geometryArb(heavy);
  if (name === 'centre')
    return fc.constantFrom(...facts.centreSlugs, ...facts.placeIds.slice(0, 3), 'no-such-centre');
  if (name === 'set') return fc.constantFrom(...SETS);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, name, facts, heavy)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = s.properties ?? {};
      const shape = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, fromSchema(v, k, facts, heavy)]),
      );
      return fc.record(shape, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case 'array': {
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => fromSchema(p, name, facts, heavy)));
      const min = s.minItems ?? 0;
      const maxLength = Math.max(min, Math.min(s.maxItems ?? 6, 6));
      // lists of codes (languages, layers) are sets: a repeated code is refused
      if (s.items?.enum)
        return fc.uniqueArray(fc.constantFrom(...s.items.enum), { minLength: min, maxLength });
      return fc.array(fromSchema(s.items ?? {}, name, facts, heavy), { minLength: min, maxLength });
    }
    case 'integer':
      return fc.integer({ min: Math.ceil(s.minimum ?? -1000), max: Math.floor(s.maximum ?? 100_000) });
    case 'number':
      return fc.double({
        min: s.minimum ?? s.exclusiveMinimum ?? -1000,
        max: s.maximum ?? 100_000,
        noNaN: true,
        noDefaultInfinity: true,
        minExcluded: s.exclusiveMinimum !== undefined,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern), { maxLength: s.maxLength ?? 64 });
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) });
  }
  return fc.anything({ maxDepth: 2 });
}

/** a valid-looking body, then some of its fields replaced, removed or added */
function jsonBodyValue(op: Operation, facts: TownFacts, heavy: boolean): fc.Arbitrary<unknown> {
  const schema = op.bodySchema ?? {};
  const base = fromSchema(schema, '', facts, heavy);
  const keys = Object.keys(schema.properties ?? {});
  if (!keys.length) return fc.oneof(base, hostileJson);
  return fc
    .tuple(
      base,
      fc.array(fc.tuple(fc.constantFrom(...keys), hostileJson), { maxLength: 2 }),
      fc.option(fc.constantFrom(...keys), { freq: 4 }),
      fc.option(
        fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'tenant_id'), hostileJson),
        { freq: 4 },
      ),
    )
    .map(([value, replace, drop, add]) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const obj: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [k, v] of replace) obj[k] = v;
      if (drop) delete obj[drop];
      if (add) Object.defineProperty(obj, add[0], { value: add[1], enumerable: true, writable: true });
      return obj;
    });
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const nestedObj = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** the body's text: the JSON of a value, or text that is not JSON at all */
function jsonBodyText(
  op: Operation,
  facts: TownFacts,
  heavy: boolean,
): fc.Arbitrary<{ text: string; label: string }> {
  const valid = jsonBodyValue(op, facts, heavy).map((v) => {
    const text = JSON.stringify(v) ?? 'null';
    return { text, label: text };
  });
  const broken = fc.constantFrom(
    '',
    '{',
    '{"geometry":',
    'nul',
    'undefined',
    '{"a":1}garbage',
    '\ufeff{}',
    "{'centre':'x'}",
    '{"centre":"\\ud800"}',
    '{"centre":"\\u0000"}',
    '{"minutes":1e400,"geometry":{"type":"Point","coordinates":[1e400,-1e400]}}',
    '{"centre":"a","centre":"b"}',
    '[]',
    '"just a string"',
    nested(10_000),
    nested(200_000),
    nestedObj(10_000),
    `{"geometry":${nestedObj(5_000)}}`,
  );
  const oversized = fc.integer({ min: 1, max: heavy ? 60 : 6 }).chain((mb) =>
    jsonBodyValue(op, facts, false).map((v) => {
      const pad = 'x'.repeat(mb * 1024 * 1024);
      const obj =
        v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as object), pad } : { pad, v };
      return { text: JSON.stringify(obj), label: `{…, "pad": "x" × ${mb} MB}` };
    }),
  );
  return fc.oneof(
    { weight: 8, arbitrary: valid },
    {
      weight: 3,
      arbitrary: broken.map((text) => ({
        text,
        label: text.length > 200 ? `${text.slice(0, 40)}…(${text.length} chars)` : text,
      })),
    },
    { weight: 1, arbitrary: oversized },
  );
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/geo+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  '*/*',
  'application/json\t',
];

// ---------------------------------------------------------------- multipart (admin import)

const FIXTURES = path.join(PROJECT_ROOT, 'tests', 'fixtures');
const readFixture = (f: string) => fs.readFileSync(path.join(FIXTURES, f));
const IMPORT_FORMATS = ['tenant', 'geojson', 'csv', 'census', 'osm', 'hsds', 'ical'];
const IMPORT_LAYERS = [
  'neighbourhoods',
  'degraded-zones',
  'population-units',
  'parks',
  'gardens',
  'centres',
  'programs',
];

function fileContents(): fc.Arbitrary<{ name: string; bytes: Uint8Array; label: string }> {
  const fixtures = [
    'import/centres-good.csv',
    'import/centres-broken.csv',
    'import/centres-latin1.csv',
    'import/parks-wkt.csv',
    'ical/library-events.ics',
    'ical/broken.ics',
    'hsds2/service.csv',
  ];
  const garbage = fc.constantFrom(
    '',
    '\u0000\u0000\u0000',
    '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]},"properties":{"name":"world","population":27613.09}}]}',
    '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{}}]}',
    '{"type":"FeatureCollection","features":[',
    'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:+275760-09-13T000000Z\r\nRRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR',
    'id,name\r\n"unterminated,',
    'id,name,latitude,longitude\nx,<script>alert(1)</script>,NaN,Infinity\n',
    "id,name,latitude,longitude\n1,'; DROP TABLE place; --,54.5,3.5\n",
    'PK\u0003\u0004garbage',
    '<?xml version="1.0"?><osm><node id="1" lat="95" lon="200"/></osm>',
  );
  return fc
    .oneof(
      {
        weight: 2,
        arbitrary: fc
          .constantFrom(...fixtures)
          .map((f) => ({ name: path.basename(f), bytes: readFixture(f), label: f })),
      },
      {
        weight: 2,
        arbitrary: garbage.map((g) => ({
          name: 'upload.geojson',
          bytes: new TextEncoder().encode(g),
          label: g.slice(0, 80),
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .uint8Array({ maxLength: 2000 })
          .map((b) => ({ name: 'random.bin', bytes: b, label: `${b.length} random bytes` })),
      },
    )
    .chain((f) =>
      fc
        .oneof(
          { weight: 3, arbitrary: fc.constant(f.name) },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              '',
              '../../../etc/passwd',
              '..',
              '.',
              'a\u0000b.csv',
              '\u202egpj.exe',
              'x'.repeat(300),
              'con',
              '/',
            ),
          },
        )
        .map((name) => ({ ...f, name })),
    );
}

const MAPPINGS = [
  'vancouver/parks',
  'vancouver/community-centres',
  'templates/geojson-parks',
  fs
    .readFileSync(path.join(FIXTURES, 'import', 'generic-csv.json'), 'utf8')
    .replace('test-centres', 'fuzz-centres'),
  '../../../etc/passwd',
  '..%2f..%2fetc',
  '/etc/passwd',
  '{"format":"csv"',
  '{"format":"csv","populaton":"x"}',
  '{}',
  'vancouver/',
  'nope',
];

function multipartField(name: string, valid: fc.Arbitrary<string>): fc.Arbitrary<[string, string] | null> {
  return fc.option(
    fc
      .oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: hostileString })
      .map((v): [string, string] => [name, v]),
    { freq: 4 },
  );
}

function multipartBody(): fc.Arbitrary<{
  body: FormData | string | Uint8Array;
  contentType?: string;
  label: string;
}> {
  const form = fc
    .tuple(
      multipartField('format', fc.constantFrom(...IMPORT_FORMATS)),
      multipartField('tenant', fc.constantFrom('lindmere', 'nowhere')),
      multipartField('layer', fc.constantFrom(...IMPORT_LAYERS)),
      multipartField('mapping', fc.constantFrom(...MAPPINGS)),
      multipartField('srid', fc.constantFrom('4326', '3857', '26910', '0', '-1', '1e308', 'NaN')),
      multipartField('source', fc.constantFrom('fuzz', 'osm', 'demo')),
      // dry runs mostly: a committed import recomputes the planner's state, which is slow
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<[string, string] | null>(['dry_run', 'true']) },
        { weight: 1, arbitrary: multipartField('dry_run', fc.constantFrom('true', 'false', 'maybe')) },
      ),
      multipartField('skip_invalid', fc.constantFrom('true', 'false')),
      fc.array(fileContents(), { maxLength: 2 }),
      fc.option(fc.tuple(fc.constantFrom('file', 'format'), hostileString), { freq: 5 }),
    )
    .map(([...parts]) => {
      const files = parts[8] as { name: string; bytes: Uint8Array; label: string }[];
      const extra = parts[9] as [string, string] | null;
      const fields = (parts.slice(0, 8) as ([string, string] | null)[]).filter(
        (x): x is [string, string] => x !== null,
      );
      const fd = new FormData();
      for (const [k, v] of fields) fd.append(k, v);
      for (const f of files) fd.append('file', new File([f.bytes as BlobPart], f.name));
      if (extra) fd.append(extra[0], extra[1]);
      const label = `multipart{${fields.map(([k, v]) => `${k}=${v.length > 60 ? `${v.slice(0, 60)}…` : v}`).join(', ')}; files: ${files.map((f) => `${f.name.slice(0, 40)} (${f.label})`).join(', ')}${extra ? `; ${extra[0]}=${extra[1].slice(0, 40)}` : ''}}`;
      return { body: fd as FormData | string | Uint8Array, label };
    });
  const raw = fc.constantFrom(
    { body: 'plain garbage', contentType: 'multipart/form-data', label: 'no boundary' },
    {
      body: 'plain garbage',
      contentType: 'multipart/form-data; boundary=XyZ',
      label: 'garbage with a boundary',
    },
    {
      body: '--XyZ\r\nContent-Disposition: form-data; name="format"\r\n\r\ncsv\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,na',
      contentType: 'multipart/form-data; boundary=XyZ',
      label: 'truncated multipart',
    },
    {
      body: '--XyZ\r\nContent-Disposition: form-data; name="format"\r\n\r\ncsv\r\n--XyZ--\r\n',
      contentType: 'multipart/form-data; boundary=XyZ',
      label: 'multipart without a file',
    },
    {
      body: '--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n',
      contentType: 'multipart/form-data; boundary=XyZ',
      label: 'multipart part without a name',
    },
    { body: '', contentType: 'multipart/form-data; boundary=XyZ', label: 'empty multipart' },
    { body: '--XyZ--', contentType: 'multipart/form-data; boundary="', label: 'broken boundary parameter' },
    {
      body: `--${'a'.repeat(100)}\r\n`,
      contentType: `multipart/form-data; boundary=${'a'.repeat(100)}`,
      label: 'overlong boundary',
    },
    { body: '{"format":"csv"}', contentType: 'application/json', label: 'JSON instead of multipart' },
    { body: 'format=csv&file=x', contentType: 'application/x-www-form-urlencoded', label: 'urlencoded form' },
    { body: '\u0000\u0001\u0002', contentType: 'application/octet-stream', label: 'binary' },
    { body: 'x', contentType: undefined, label: 'no content type' },
  );
  return fc.oneof({ weight: 4, arbitrary: form }, { weight: 2, arbitrary: raw });
}

// ---------------------------------------------------------------- whole requests

const authHeader = fc.oneof(
  { weight: 5, arbitrary: fc.constant(`Bearer ${ADMIN_TOKEN}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'Bearer ',
      'Bearer wrong-token-wrong-token',
      `Bearer ${ADMIN_TOKEN} `,
      `Bearer ${ADMIN_TOKEN.slice(0, -1)}`,
      `bearer ${ADMIN_TOKEN}`,
      `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`,
      `Bearer ${'x'.repeat(10_000)}`,
      "Bearer ' OR 1=1 --",
    ),
  },
);

/** header values must be ByteStrings without CR, LF or NUL, or the client refuses to send them */
const headerSafe = (s: string) =>
  [...s].every((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff && code !== 0 && code !== 10 && code !== 13;
  });

const extraHeaders = fc.record(
  {
    'accept-language': fc.oneof(
      fc.constantFrom('he', 'uk-UA,uk;q=0.9', '*', 'xx-XX;q=NaN'),
      hostileString.filter(headerSafe),
    ),
    accept: fc.constantFrom('text/html', '*/*', 'application/json', 'text/csv', 'garbage'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'garbage, 999.999.999.999', "' OR 1=1 --"),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'bogus'),
  },
  { requiredKeys: [] },
);

export interface RequestOptions {
  /** larger polygons and bodies, for the long run */
  heavy: boolean;
}

export function requestArb(op: Operation, facts: TownFacts, opts: RequestOptions): fc.Arbitrary<FuzzRequest> {
  return modeArb.chain((mode) => requestOfMode(op, facts, opts, mode));
}

type BodyChoice = { body?: string | FormData | Uint8Array; contentType?: string; label: string };

function requestOfMode(
  op: Operation,
  facts: TownFacts,
  opts: RequestOptions,
  mode: Mode,
): fc.Arbitrary<FuzzRequest> {
  const noBody = fc.constant<BodyChoice>({ label: '' });
  // in a valid request the body is valid too: the parameters' hostile value must reach the handler
  const cleanJson = fromSchema(op.bodySchema ?? {}, '', facts, opts.heavy).map((v): BodyChoice => {
    const text = JSON.stringify(v) ?? 'null';
    return { body: text, contentType: 'application/json', label: text };
  });
  let bodyArb: fc.Arbitrary<BodyChoice> = noBody;
  if (op.body === 'json' || op.body === 'unknown') {
    bodyArb =
      mode === 'valid'
        ? cleanJson
        : fc.oneof(
            {
              weight: 12,
              arbitrary: fc
                .tuple(jsonBodyText(op, facts, opts.heavy), fc.constantFrom(...CONTENT_TYPES))
                .map(
                  ([b, ct]): BodyChoice => ({ body: b.text, contentType: ct || undefined, label: b.label }),
                ),
            },
            { weight: 2, arbitrary: cleanJson },
            { weight: 1, arbitrary: noBody },
            { weight: 1, arbitrary: multipartBody() },
          );
  } else if (op.body === 'multipart') {
    bodyArb = fc.oneof(
      { weight: 8, arbitrary: multipartBody() },
      {
        weight: mode === 'valid' ? 0 : 1,
        arbitrary: jsonBodyText(op, facts, false).map(
          (b): BodyChoice => ({ body: b.text, contentType: 'application/json', label: b.label }),
        ),
      },
    );
  } else if (mode !== 'valid') {
    // a body sent where none is expected
    bodyArb = fc.oneof(
      { weight: 12, arbitrary: noBody },
      {
        weight: 1,
        arbitrary: fc.constantFrom<BodyChoice>(
          { body: '{"x":1}', contentType: 'application/json', label: '{"x":1}' },
          { body: '\u0000', contentType: 'text/plain', label: 'NUL' },
        ),
      },
    );
  }
  const canHaveBody = !['GET', 'HEAD'].includes(op.method);
  const token = fc.constant(`Bearer ${ADMIN_TOKEN}`);

  return fc
    .tuple(
      parametersArb(op, facts, mode),
      canHaveBody ? bodyArb : noBody,
      op.admin
        ? mode === 'valid'
          ? token
          : fc.option(authHeader, { freq: 8 })
        : fc.option(authHeader, { freq: 20 }),
      // the admin API switched off (no ADMIN_TOKEN) in some requests
      op.admin && mode !== 'valid'
        ? fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
        : fc.constant(true),
      fc.option(extraHeaders, { freq: mode === 'valid' ? 10 : 3 }),
    )
    .map(([p, body, auth, adminOn, extra]) => {
      const headers: Record<string, string> = { ...(extra ?? {}) };
      if (auth !== null && auth !== '') headers.authorization = auth;
      if (body.contentType) headers['content-type'] = body.contentType;
      else if (body.body instanceof FormData) delete headers['content-type'];
      if (body.body === undefined || mode === 'valid') delete headers['content-encoding'];
      return {
        method: op.method,
        url: `/api${p.path}${p.query}`,
        headers,
        ...(body.body !== undefined ? { body: body.body } : {}),
        adminApp: adminOn,
        bodyLabel: body.label,
        mode,
      } satisfies FuzzRequest;
    })
    .map((r) => Object.assign(r, { [fc.toStringMethod]: () => describeRequest(r) }));
}
