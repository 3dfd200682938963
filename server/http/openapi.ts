/**
 * The OpenAPIHono factory every resource uses: request validation failures become the API's
 * 400 error shape, naming each offending parameter.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorBody } from './errors.ts';

export function createRouter() {
  return new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((i) => ({
        parameter: i.path.join('.') || null,
        message: i.message,
      }));
      const message = issues
        .map((i) => (i.parameter ? `${i.parameter}: ${i.message}` : i.message))
        .join('; ');
      return c.json(errorBody('bad_request', message, issues), 400);
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/**
 * Answers with JSON text that PostgreSQL already serialised (large GeoJSON). The SQL producing
 * the text is what guarantees the declared shape, so the response is typed `never`: it fits the
 * route's declared JSON response without re-parsing the body just to satisfy the type checker.
 */
export function preSerializedJson(
  c: Context,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): never {
  return c.body(text, 200, { 'content-type': contentType, ...headers }) as never;
}
