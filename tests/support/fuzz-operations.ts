/**
 * The operations the hostile-input tests exercise, read from the app itself: every operation of
 * /api/openapi.json, plus every /api route the app registers outside the document (such as the
 * multipart POST /api/admin/import). A new endpoint is covered without editing the tests.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export type BodyKind = 'none' | 'json' | 'multipart' | 'unknown';

export interface Operation {
  /** e.g. "GET /layers/{layer}" (paths relative to /api, as in the document) */
  key: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: BodyKind;
  bodySchema?: JsonSchema;
  /** needs the admin token (under /admin/) */
  admin: boolean;
  /** not described by the OpenAPI document: found among the app's routes */
  undocumented: boolean;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}
interface OpenApiOperation {
  parameters?: { name: string; in: Parameter['in']; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function resolveRefs(schema: JsonSchema, doc: OpenApiDoc, depth = 0): JsonSchema {
  if (depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveRefs(doc.components?.schemas?.[name] ?? {}, doc, depth + 1);
  }
  const out: JsonSchema = { ...schema };
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveRefs(v, doc, depth + 1)]),
    );
  if (schema.items) out.items = resolveRefs(schema.items, doc, depth + 1);
  if (schema.prefixItems) out.prefixItems = schema.prefixItems.map((s) => resolveRefs(s, doc, depth + 1));
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const list = schema[k];
    if (list) out[k] = list.map((s) => resolveRefs(s, doc, depth + 1));
  }
  return out;
}

function bodyOf(op: OpenApiOperation, doc: OpenApiDoc): Pick<Operation, 'body' | 'bodySchema'> {
  const content = op.requestBody?.content;
  if (!content) return { body: 'none' };
  const json = Object.entries(content).find(([t]) => t.includes('json'));
  if (json) return { body: 'json', bodySchema: resolveRefs(json[1].schema ?? {}, doc) };
  if (Object.keys(content).some((t) => t.startsWith('multipart/'))) return { body: 'multipart' };
  return { body: 'unknown' };
}

/** ":id" (Hono) → "{id}" (OpenAPI) */
const toTemplate = (honoPath: string) => honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');

export function operationsOf(doc: OpenApiDoc, appRoutes: { method: string; path: string }[]): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? p.in === 'path',
          schema: resolveRefs(p.schema ?? {}, doc),
        })),
        ...bodyOf(op, doc),
        admin: path.startsWith('/admin/'),
        undocumented: false,
      });
    }
  }
  const known = new Set(ops.map((o) => o.key));
  for (const r of appRoutes) {
    if (!r.path.startsWith('/api/') || r.path.includes('*') || !METHODS.includes(r.method.toLowerCase()))
      continue;
    const path = toTemplate(r.path.slice('/api'.length));
    const key = `${r.method.toUpperCase()} ${path}`;
    if (known.has(key) || path === '/openapi.json') continue;
    known.add(key);
    const parameters: Parameter[] = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1] as string,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    ops.push({
      key,
      method: r.method.toUpperCase(),
      path,
      // an undocumented route's parameters are unknown: every request gets the common ones
      parameters: [
        ...parameters,
        { name: 'tenant', in: 'query', required: false, schema: { type: 'string' } },
      ],
      // the only undocumented writes today are uploads; a POST/PUT gets multipart and JSON bodies
      body: ['POST', 'PUT', 'PATCH'].includes(r.method.toUpperCase()) ? 'multipart' : 'none',
      admin: path.startsWith('/admin/'),
      undocumented: true,
    });
  }
  return ops.sort((a, b) => a.key.localeCompare(b.key));
}
