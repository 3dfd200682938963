/**
 * POST /api/admin/import — the same importer as the CLI, for an uploaded file.
 * Protected by a bearer token from the configuration (ADMIN_TOKEN) until accounts exist; with no
 * token configured the admin API is off.
 *
 * multipart/form-data: file (one; several for an HSDS package), format, tenant, layer, mapping
 * (a shipped mapping's name such as "vancouver/parks", or the mapping JSON itself), srid,
 * dry_run, skip_invalid. Answers 200 with the report; 422 with the report when the import was
 * rejected (nothing changed); 400 when the input cannot be imported at all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.ts';
import { requireAdmin } from './auth.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, errorBody } from '../http/errors.ts';
import { ImportInputError } from '../import/errors.ts';
import { IMPORT_LAYERS } from '../import/mapping.ts';
import { IMPORT_FORMATS, ImportRejected, runImport } from '../import/run.ts';

const MAPPINGS_DIR = path.join(PROJECT_ROOT, 'data', 'mappings');

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')
  .optional();

const Fields = z.object({
  format: z.enum(IMPORT_FORMATS, { message: `format must be one of ${IMPORT_FORMATS.join(', ')}` }),
  tenant: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'tenant must be a slug')
    .optional(),
  layer: z.enum(IMPORT_LAYERS, { message: `layer must be one of ${IMPORT_LAYERS.join(', ')}` }).optional(),
  mapping: z.string().max(200_000).optional(),
  srid: z.coerce.number().int().positive().max(999_999).optional(),
  source: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .optional(),
  dry_run: flag,
  skip_invalid: flag,
});

/** a shipped mapping by name ("vancouver/parks"), or inline JSON */
function resolveMapping(value: string | undefined): string | unknown {
  if (value === undefined || value === '') return undefined;
  const v = value.trim();
  if (v.startsWith('{')) {
    try {
      return JSON.parse(v) as unknown;
    } catch (err) {
      throw badRequest(`mapping is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(v) || v.includes('..'))
    throw badRequest('mapping must be a shipped mapping name like "vancouver/parks" or JSON');
  const file = path.join(MAPPINGS_DIR, `${v}.json`);
  if (!fs.existsSync(file)) throw badRequest(`no shipped mapping "${v}"`);
  return file;
}

export function adminImportRoutes(deps: AppDeps) {
  const app = new Hono();
  app.post(
    '/admin/import',
    bodyLimit({
      maxSize: 200 * 1024 * 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'The upload is larger than 200 MB'), 413),
    }),
    async (c) => {
      requireAdmin(c, deps.config.ADMIN_TOKEN);
      if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
        throw badRequest('Send the file as multipart/form-data, field "file"');
      }
      const body = await c.req.parseBody({ all: true });
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
      const parsed = Fields.safeParse(
        Object.fromEntries(
          Object.keys(Fields.shape)
            .map((k) => [k, text(k)])
            .filter(([, v]) => v !== undefined),
        ),
      );
      if (!parsed.success)
        throw badRequest(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          parsed.error.issues,
        );
      const files = ([] as unknown[]).concat(body.file ?? []).filter((f): f is File => f instanceof File);
      if (!files.length) throw badRequest('No file uploaded (multipart field "file")');
      const f = parsed.data;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cm-import-'));
      try {
        for (const file of files) {
          const name = path.basename(file.name || 'upload');
          fs.writeFileSync(path.join(dir, name), Buffer.from(await file.arrayBuffer()));
        }
        const target =
          f.format === 'hsds' ? dir : path.join(dir, path.basename((files[0] as File).name || 'upload'));
        const report = await runImport(deps.db, {
          format: f.format,
          path: target,
          displayName: (files[0] as File).name,
          ...(f.tenant ? { tenant: f.tenant } : {}),
          ...(f.layer ? { layer: f.layer } : {}),
          ...(f.srid ? { srid: f.srid } : {}),
          ...(f.source ? { source: f.source } : {}),
          mapping: resolveMapping(f.mapping),
          dryRun: f.dry_run ?? false,
          skipInvalid: f.skip_invalid ?? false,
          recomputeAccess: true,
        });
        deps.log.info('import', {
          format: f.format,
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
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
  return app;
}
