/**
 * GET /api/admin/audit?entity=&id=&from=&to=&limit=&before= — the tenant's audit log, newest
 * first, paged (`next` is the `before` of the next page); GET /api/admin/audit.csv — the same
 * entries as CSV for a spreadsheet (formula-looking text defused, server/analytics/csv.ts), up to
 * AUDIT_CSV_MAX rows. Admins of the tenant only.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../accounts/authorize.ts';
import { toCsv } from '../analytics/csv.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { intParam, tenantParam } from '../http/params.ts';
import { listAudit } from './queries.ts';

export const AUDIT_CSV_MAX = 50_000;

const isoDate = (name: string) =>
  z
    .string()
    .max(40)
    .refine((v) => !Number.isNaN(Date.parse(v)), `${name} must be a date or date-time such as 2026-12-01 or 2026-12-01T08:00:00Z`)
    .optional()
    .openapi({ param: { name, in: 'query' } });

const AuditParams = z.object({
  tenant: tenantParam,
  entity: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, 'entity must be an entity type such as account, place, opportunity')
    .optional()
    .openapi({ param: { name: 'entity', in: 'query' } }),
  id: z
    .string()
    .min(1)
    .max(200, 'id must be at most 200 characters')
    .optional()
    .openapi({ param: { name: 'id', in: 'query' } }),
  from: isoDate('from'),
  to: isoDate('to'),
  limit: intParam('limit', 1, 500),
  before: intParam('before', 1, Number.MAX_SAFE_INTEGER),
});

const Entry = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.object({
      kind: z.string(),
      account_id: z.string().nullable(),
      token_id: z.string().nullable(),
      label: z.string().nullable(),
    }),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string().nullable(),
    previous: z.record(z.string(), z.unknown()).nullable(),
    new: z.record(z.string(), z.unknown()).nullable(),
    summary: z.string(),
  })
  .openapi('AuditEntry');

const errors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not an admin of the tenant', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export function auditRoutes(deps: AppDeps) {
  const app = createRouter();
  const query = async (q: z.infer<typeof AuditParams>, tenantId: number, limit: number) => {
    if (q.id && !q.entity) throw badRequest('id: give entity too (the type of what the id names)');
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from > to) throw badRequest('from: must be before to');
    return listAudit(deps.db, { tenantId, entityType: q.entity, entityId: q.id, from, to, before: q.before, limit });
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/audit',
      summary: "The tenant's audit log: who changed what, when, the previous and the new value (admin)",
      request: { query: AuditParams },
      responses: {
        200: {
          description: 'Entries, newest first',
          content: {
            'application/json': { schema: z.object({ items: z.array(Entry), next: z.number().nullable() }) },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin']);
      c.header('cache-control', 'no-store');
      return c.json(await query(q, tenant.id, q.limit ?? 100), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/audit.csv',
      summary: 'The audit log as CSV (admin)',
      request: { query: AuditParams },
      responses: {
        200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin']);
      const { items } = await query(q, tenant.id, q.limit ?? AUDIT_CSV_MAX);
      const header = 'id,at,actor_kind,actor,action,entity_type,entity_id,summary,previous,new\r\n';
      const csv = items.length
        ? toCsv(
            items.map((e) => ({
              id: e.id,
              at: e.at,
              actor_kind: e.actor.kind,
              actor: e.actor.label,
              action: e.action,
              entity_type: e.entity_type,
              entity_id: e.entity_id,
              summary: e.summary,
              previous: e.previous ? JSON.stringify(e.previous) : null,
              new: e.new ? JSON.stringify(e.new) : null,
            })),
          )
        : header;
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${tenant.slug}.csv"`,
        'cache-control': 'no-store',
      });
    },
  );
  return app;
}
