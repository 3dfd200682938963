/**
 * The query parameters shared by several routes, validated with zod at the edge. Every message
 * names the parameter and what was wrong, so a 400 tells the caller how to fix the request.
 */
import { z } from '@hono/zod-openapi';
import { AUDIENCE_CODES, CATEGORY_CODES } from '../../data/town-format.ts';

export type BBox = [number, number, number, number];

/** the longest value any list or code parameter may have: far more than every valid value together */
export const MAX_LIST_PARAM = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a piece of free text cannot be used, or null: NUL and other control characters (PostgreSQL
 * refuses a NUL in text; none has a place in a name), and lone UTF-16 surrogates (not text at
 * all). Right-to-left marks and other format characters are ordinary text and pass.
 */
export function textProblem(v: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(v)) return 'must be well-formed text (it holds a lone surrogate)';
  return null;
}

/** free text of at most `max` characters, refused with a message naming the parameter */
export function textParam(name: string, max: number) {
  return z
    .string({ message: `${name} must be text` })
    .max(max, `${name} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const problem = textProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${name} ${problem}` });
    });
}

export const bboxParam = z
  .string()
  .max(200, 'bbox must be four numbers: minLon,minLat,maxLon,maxLat')
  .optional()
  .transform((raw, ctx): BBox | undefined => {
    if (raw === undefined) return undefined;
    const parts = raw.split(',');
    const nums = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
    if (parts.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
      return z.NEVER;
    }
    const [minLon, minLat, maxLon, maxLat] = nums as BBox;
    if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox is outside lon -180..180 / lat -90..90' });
      return z.NEVER;
    }
    if (minLon >= maxLon || minLat >= maxLat) {
      ctx.addIssue({ code: 'custom', message: 'bbox must have minLon < maxLon and minLat < maxLat' });
      return z.NEVER;
    }
    return [minLon, minLat, maxLon, maxLat];
  })
  .openapi({
    param: { name: 'bbox', in: 'query' },
    description: 'minLon,minLat,maxLon,maxLat in WGS84 degrees',
    example: '3.45,54.48,3.55,54.53',
    type: 'string',
  });

/** A comma-separated list whose every item must be one of `allowed`. */
function codeList<T extends string>(name: string, allowed: readonly T[]) {
  return z
    .string()
    .max(MAX_LIST_PARAM, `${name} must be at most ${MAX_LIST_PARAM} characters`)
    .optional()
    .transform((raw, ctx): T[] | undefined => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const items = [...new Set(raw.split(',').map((s) => s.trim()))];
      const unknown = items.filter((i) => !(allowed as readonly string[]).includes(i));
      if (unknown.length) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${name} ${unknown.map((u) => JSON.stringify(u.slice(0, 40))).join(', ')}; expected one of ${allowed.join(', ')}`,
        });
        return z.NEVER;
      }
      return items as T[];
    })
    .openapi({
      param: { name, in: 'query' },
      description: `comma-separated; any of: ${allowed.join(', ')}`,
      type: 'string',
    });
}

export const categoryParam = codeList('category', CATEGORY_CODES);
export const audienceParam = codeList('audience', AUDIENCE_CODES);

const LANG_RE = /^[a-z]{2,3}$/;
export const languageParam = z
  .string()
  .max(MAX_LIST_PARAM, `language must be at most ${MAX_LIST_PARAM} characters`)
  .optional()
  .transform((raw, ctx): string[] | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    const items = [...new Set(raw.split(',').map((s) => s.trim().toLowerCase()))];
    const bad = items.filter((i) => !LANG_RE.test(i));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'language must be ISO 639 codes such as en,uk,he (comma-separated)',
      });
      return z.NEVER;
    }
    return items;
  })
  .openapi({
    param: { name: 'language', in: 'query' },
    description: 'languages spoken, e.g. uk,ru',
    type: 'string',
  });

/** UI language for names and titles; falls back to the tenant's default language. */
export const langParam = z
  .string()
  .regex(LANG_RE, 'lang must be an ISO 639 code such as en, fr, he')
  .optional()
  .openapi({ param: { name: 'lang', in: 'query' }, example: 'en' });

export const tenantParam = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, 'tenant must be a tenant slug (lowercase letters, digits, hyphens)')
  .optional()
  .openapi({ param: { name: 'tenant', in: 'query' } });

export const uuidPathParam = (name: string) =>
  z
    .string()
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      `${name} must be a UUID`,
    )
    .openapi({ param: { name, in: 'path' }, example: '3f2c1a9e-5b7d-5c1e-8a2b-1c3d4e5f6a7b' });

export function intParam(name: string, min: number, max: number) {
  return z.coerce
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });
}
