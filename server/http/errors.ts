/**
 * One error type for everything the API answers with a non-2xx status, and the one place that
 * turns any thrown error into the JSON shape of the API contract: {"error":{code,message,details}}.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DATABASE_RETRY_AFTER_S, isDatabaseUnavailable, storageProblem } from '../db/connection-errors.ts';
import type { Logger } from '../logger.ts';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, 'bad_request', message, details);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

/** PostgreSQL error codes that mean "the caller asked for something impossible", not a bug. */
const CLIENT_SQLSTATES: Record<string, string> = {
  '22P02': 'invalid input syntax',
  '22003': 'numeric value out of range',
  '22023': 'invalid parameter value',
  '22021': 'text with a NUL byte or an invalid character',
};

/**
 * PostGIS raises its geometry errors ("Antipodal (180deg long) edge detected", "Too few ordinates
 * in GeoJSON", "transform: Invalid coordinate") as XX000 internal_error, from its own error
 * reporter (routine pg_error in lwgeom_pg.c on both databases): those come from the geometry a
 * caller sent. Any other XX000 is PostgreSQL's own internal error and stays a 500.
 */
function postgisGeometryError(err: unknown): string | null {
  const e = err as { code?: unknown; file?: unknown; routine?: unknown; message?: unknown } | null;
  if (e?.code !== 'XX000' || typeof e.message !== 'string') return null;
  const fromPostgis =
    e.routine === 'pg_error' ||
    (typeof e.file === 'string' && /^(lwgeom|gserialized|geography|postgis)/.test(e.file));
  return fromPostgis ? e.message : null;
}

export function toErrorResponse(err: unknown, c: Context, log: Logger) {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  // Hono's own refusals (e.g. a JSON body sent without its content type: 415)
  if (err instanceof HTTPException && err.status < 500) {
    const hint = err.status === 415 ? ': send the body as application/json' : '';
    return c.json(errorBody(err.status === 415 ? 'unsupported_media_type' : 'bad_request', `${err.message}${hint}`), err.status);
  }
  // the database is restarting or unreachable: the pool reconnects by itself, the caller retries
  if (isDatabaseUnavailable(err)) {
    log.warn('database unavailable', { path: c.req.path, error: err instanceof Error ? err.message : String(err) });
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    return c.json(
      errorBody('database_unavailable', 'The database is not reachable at the moment; try again in a few seconds.'),
      503,
    );
  }
  const storage = storageProblem(err);
  if (storage) {
    log.error('database storage unavailable', { path: c.req.path, error: (err as Error).message });
    c.header('Retry-After', String(DATABASE_RETRY_AFTER_S));
    return c.json(errorBody('storage_unavailable', `The database cannot write its files: ${storage}.`), 503);
  }
  const sqlState = (err as { code?: unknown } | null)?.code;
  if (sqlState === '57014') {
    log.warn('statement timeout', { path: c.req.path });
    return c.json(
      errorBody('timeout', 'The query took too long; narrow the request (smaller bbox or limit).'),
      503,
    );
  }
  const geometryError = postgisGeometryError(err);
  if (geometryError) {
    return c.json(errorBody('bad_request', `Invalid geometry: ${geometryError.slice(0, 200)}`), 400);
  }
  if (typeof sqlState === 'string' && CLIENT_SQLSTATES[sqlState]) {
    return c.json(errorBody('bad_request', `Invalid request: ${CLIENT_SQLSTATES[sqlState]}`), 400);
  }
  log.error('unhandled error', { path: c.req.path, error: err instanceof Error ? err.stack : String(err) });
  return c.json(errorBody('internal', 'Internal server error'), 500);
}
