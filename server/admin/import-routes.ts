/**
 * POST /api/admin/import — the same importer as the CLI, for an uploaded file.
 * For admins of the tenant imported into (a session with its CSRF token, or an API token; the
 * deprecated ADMIN_TOKEN too); a `tenant` file, which creates or changes a tenant, for operators.
 * Each committed import is one audit entry with its report.
 *
 * multipart/form-data: file (one; several for an HSDS package), format, tenant, layer, mapping
 * (a shipped mapping's name such as "vancouver/parks", or the mapping JSON itself), srid,
 * dry_run, skip_invalid. Answers 200 with the report; 422 with the report when the import was
 * rejected (nothing changed); 400 when the input cannot be imported at all (or the body is not
 * readable multipart); 413 over IMPORT_MAX_UPLOAD_MB; 415 for another content type.
 *
 * The body is streamed to a temp folder (server/admin/upload.ts) and the importer streams the file
 * from there, so memory stays bounded whatever the size; the folder is removed on every outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { PROJECT_ROOT } from '../config.ts';
import { authenticate } from '../accounts/authenticate.ts';
import { actorIn, assertRole, auditActorOf } from '../accounts/authorize.ts';
import type { AuditActor } from '../audit/record.ts';
import { receiveUpload } from './upload.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, errorBody } from '../http/errors.ts';
import { ImportInputError } from '../import/errors.ts';
import { ImporterLoadError } from '../import/formats.ts';
import { IMPORT_LAYERS } from '../import/mapping.ts';
import { IMPORT_FORMATS, ImportRejected, runImport } from '../import/run.ts';
import { findTenant } from '../tenants/queries.ts';

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
  app.post('/admin/import', async (c) => {
    // who calls is known before the body is read; what they may import, once the fields are
    const principal = await authenticate(c, deps);
    const upload = await receiveUpload(c.req.raw, {
      tmpRoot: deps.config.IMPORT_TMP_DIR,
      maxBytes: deps.config.IMPORT_MAX_UPLOAD_MB * 1024 * 1024,
      maxFiles: 100,
      maxFieldBytes: 200_000,
    });
    try {
      const parsed = Fields.safeParse(
        Object.fromEntries(
          Object.keys(Fields.shape).flatMap((k) => (k in upload.fields ? [[k, upload.fields[k]]] : [])),
        ),
      );
      if (!parsed.success)
        throw badRequest(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          parsed.error.issues,
        );
      const files = upload.files.filter((f) => f.field === 'file');
      const first = files[0];
      if (!first) throw badRequest('No file uploaded (multipart field "file")');
      const f = parsed.data;
      const operator =
        principal.kind === 'admin_token' ||
        (principal.account.operator && (principal.kind === 'session' || principal.token.role === 'admin'));
      if (f.format === 'tenant' && !operator)
        throw new ApiError(403, 'forbidden', 'A tenant file creates or changes a tenant: operators only');
      let audit: AuditActor = { kind: 'admin_token', label: 'ADMIN_TOKEN' };
      // without a tenant field: the tenant of the request (its /t/<slug>/ prefix or host name)
      const into = f.format === 'tenant' ? undefined : (f.tenant ?? (await deps.tenants.resolve(undefined)).slug);
      if (principal.kind !== 'admin_token') {
        const tenant = await findTenant(deps.db, into);
        if (!tenant) throw new ApiError(403, 'forbidden', `You hold no role in tenant "${f.tenant ?? ''}"`);
        const actor = await actorIn(deps, principal, tenant);
        assertRole(actor, ['admin'], tenant);
        audit = auditActorOf(actor);
      }
      if (f.format !== 'hsds' && files.length > 1)
        throw badRequest(`A ${f.format} import takes one file; ${files.length} were uploaded`);
      const report = await runImport(deps.db, {
        format: f.format,
        path: f.format === 'hsds' ? upload.dir : first.path,
        displayName: first.name,
        ...(f.format === 'tenant' ? (f.tenant ? { tenant: f.tenant } : {}) : into ? { tenant: into } : {}),
        ...(f.layer ? { layer: f.layer } : {}),
        ...(f.srid ? { srid: f.srid } : {}),
        ...(f.source ? { source: f.source } : {}),
        mapping: resolveMapping(f.mapping),
        dryRun: f.dry_run ?? false,
        skipInvalid: f.skip_invalid ?? false,
        recomputeAccess: true,
        occurrenceHorizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
        audit,
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
      // the server's own fault (a broken installation), said as what it is
      if (err instanceof ImporterLoadError) {
        deps.log.error('importer failed to load', { format: upload.fields.format, error: err.message });
        return c.json(errorBody('importer_failed_to_load', err.message), 500);
      }
      throw err;
    } finally {
      upload.remove();
    }
  });
  return app;
}
