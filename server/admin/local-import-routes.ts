/**
 * POST /api/admin/local-import — `npm run import` handing its import to the server that holds the
 * embedded data folder (only one process may open it; see server/db/data-dir-lock.ts). The CLI
 * names a file on this machine; the server reads it and runs the same `runImport` as the CLI and
 * POST /api/admin/import, and answers the same shapes: 200 with the report; 422 with the report
 * when the import was rejected (nothing changed); 400 when the input cannot be imported at all.
 *
 * Only for a caller that could read the lock file (mode 0600) — the per-run secret written there,
 * compared in constant time — and only over a loopback connection with no proxy headers. Off
 * (404) when the server has no lock: in memory, or on a PostGIS server.
 *
 * JSON body: {format, path, options: {tenant, layer, mapping, srid, source, dryRun, skipInvalid}};
 * `path` and a `mapping` file are absolute paths on this machine.
 */
import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, errorBody } from '../http/errors.ts';
import { ImportInputError } from '../import/errors.ts';
import { IMPORT_LAYERS } from '../import/mapping.ts';
import { IMPORT_FORMATS, ImportRejected, runImport } from '../import/run.ts';

export const LOCAL_IMPORT_PATH = '/api/admin/local-import';
export const LOCAL_IMPORT_MAX_BODY = 64 * 1024;

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => path.isAbsolute(p) && !p.includes('\0'), 'must be an absolute path on this machine');

export const LocalImportBody = z
  .object({
    format: z.enum(IMPORT_FORMATS, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` }),
    path: absolutePath,
    options: z
      .object({
        tenant: z
          .string()
          .regex(/^[a-z0-9-]+$/, 'tenant must be a slug')
          .optional(),
        layer: z
          .enum(IMPORT_LAYERS, { message: `layer must be one of ${IMPORT_LAYERS.join(', ')}` })
          .optional(),
        mapping: absolutePath.optional(),
        srid: z.number().int().positive().max(999_999).optional(),
        source: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]*$/)
          .optional(),
        dryRun: z.boolean().default(false),
        skipInvalid: z.boolean().default(false),
      })
      .strict()
      .default({ dryRun: false, skipInvalid: false }),
  })
  .strict();
export type LocalImportRequest = z.input<typeof LocalImportBody>;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function sameSecret(header: string | undefined, secret: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function requireLocalCaller(c: Context, secret: string): void {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    address = undefined; // not a Node socket (an in-process request): not loopback
  }
  const proxied = PROXY_HEADERS.some((h) => c.req.header(h) !== undefined);
  if (!address || !LOOPBACK.test(address) || proxied) {
    throw new ApiError(
      403,
      'forbidden',
      'The local import is only open to this machine (a loopback connection)',
    );
  }
  if (!sameSecret(c.req.header('authorization'), secret)) {
    throw new ApiError(
      401,
      'unauthorised',
      "The local import needs the hand-off secret of the data folder's lock",
    );
  }
}

export function localImportRoutes(deps: AppDeps) {
  const app = new Hono();
  // who may call comes first, before any of the body is read
  app.use('/admin/local-import', async (c, next) => {
    const secret = deps.localImportSecret;
    if (!secret) {
      throw new ApiError(
        404,
        'not_found',
        'No local import here: this server does not hold an embedded data folder',
      );
    }
    requireLocalCaller(c, secret);
    if (!(c.req.header('content-type') ?? '').startsWith('application/json'))
      throw new ApiError(415, 'unsupported_media_type', 'Send the request as application/json');
    await next();
  });
  app.post(
    '/admin/local-import',
    bodyLimit({
      maxSize: LOCAL_IMPORT_MAX_BODY,
      onError: (c) => c.json(errorBody('payload_too_large', 'The request is larger than 64 KB'), 413),
    }),
    async (c) => {
      const text = await c.req.text();
      let raw: unknown;
      try {
        raw = JSON.parse(text) as unknown;
      } catch (err) {
        throw badRequest(`The body is not valid JSON: ${(err as Error).message}`);
      }
      const parsed = LocalImportBody.safeParse(raw);
      if (!parsed.success)
        throw badRequest(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          parsed.error.issues,
        );
      const { format, path: file, options: o } = parsed.data;
      try {
        const report = await runImport(deps.db, {
          format,
          path: file,
          ...(o.tenant ? { tenant: o.tenant } : {}),
          ...(o.layer ? { layer: o.layer } : {}),
          ...(o.mapping ? { mapping: o.mapping } : {}),
          ...(o.srid ? { srid: o.srid } : {}),
          ...(o.source ? { source: o.source } : {}),
          dryRun: o.dryRun,
          skipInvalid: o.skipInvalid,
          recomputeAccess: true,
          occurrenceHorizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
        });
        deps.log.info('local import', {
          format,
          tenant: report.tenant,
          file: report.file,
          layers: report.layers,
        });
        return c.json(report, 200);
      } catch (err) {
        if (err instanceof ImportRejected)
          return c.json({ ...errorBody('import_rejected', err.message), report: err.report }, 422);
        if (err instanceof ImportInputError) throw badRequest(err.message);
        throw err;
      }
    },
  );
  return app;
}
