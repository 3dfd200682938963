/**
 * GET/POST /api/admin/organisations, PATCH /api/admin/organisations/{id}: the tenant's partner
 * organisations (name, slug, contact; archive) with their editors. Admins of the tenant only;
 * every change is in the audit log with the previous and the new row. Editors are added with
 * POST /api/admin/users (role editor + organisation), which e-mails them a sign-in link.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { clockOf } from '../accounts/authenticate.ts';
import { adminOnly, conflict, isUniqueViolation } from '../admin/guard.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, textProblem, uuidPathParam } from '../http/params.ts';
import {
  findOrganisationById,
  insertOrganisation,
  listOrganisations,
  type OrganisationRecord,
  slugTaken,
  updateOrganisation,
} from './queries.ts';

export const ORG_SLUG_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

const text = (name: string, min: number, max: number) =>
  z
    .string({ message: `${name} must be text` })
    .trim()
    .min(min, min ? `${name} must not be empty` : `${name} must be text`)
    .max(max, `${name} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const p = textProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: `${name} ${p}` });
    });

const slug = z
  .string({ message: 'slug must be text' })
  .regex(
    ORG_SLUG_RE,
    'slug must be lowercase letters, digits and hyphens (at most 64), such as "garden-friends"',
  );
const contact = text('contact', 0, 300)
  .nullable()
  .transform((v) => (v ? v : null));

const NewOrganisation = z
  .object({ slug, name: text('name', 1, 200), contact: contact.optional() })
  .strict()
  .openapi('NewOrganisation');
const OrganisationChange = z
  .object({
    slug: slug.optional(),
    name: text('name', 1, 200).optional(),
    contact: contact.optional(),
    archived: z.boolean({ message: 'archived must be true or false' }).optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'give at least one of slug, name, contact, archived')
  .openapi('OrganisationChange');

const Organisation = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    contact: z.string().nullable(),
    archived: z.boolean(),
    archived_at: z.string().nullable(),
    created_at: z.string(),
    editors: z.array(
      z.object({
        account_id: z.string(),
        email: z.string(),
        membership_id: z.string(),
        disabled: z.boolean(),
      }),
    ),
  })
  .openapi('Organisation');

const errors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Not an admin of the tenant',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  409: { description: 'The slug is taken', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

const record = (o: OrganisationRecord) => ({ ...o }) as Record<string, unknown>;

export function organisationRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  app.use('/admin/organisations', ...adminOnly(deps));
  app.use('/admin/organisations/*', ...adminOnly(deps));
  const taken = (s: string) =>
    conflict(`slug: "${s}" is taken by another organisation of this tenant`, { field: 'slug' });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/organisations',
      summary: "The tenant's organisations with their editors (admin)",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: {
          description: 'Organisations, by name (archived ones too, flagged)',
          content: { 'application/json': { schema: z.object({ items: z.array(Organisation) }) } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      c.header('cache-control', 'no-store');
      return c.json({ items: await listOrganisations(deps.db, actor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/organisations',
      summary: 'Add an organisation (admin)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: NewOrganisation } } },
      },
      responses: {
        201: { description: 'Added', content: { 'application/json': { schema: Organisation } } },
        ...errors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const body = c.req.valid('json');
      const at = new Date(now());
      const created = await deps.db
        .transaction()
        .execute(async (trx) => {
          if (await slugTaken(trx, actor, body.slug)) throw taken(body.slug);
          const o = await insertOrganisation(
            trx,
            actor,
            { slug: body.slug, name: body.name, contact: body.contact ?? null },
            at,
          );
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'organisation.create',
            entity: { type: 'organisation', id: o.id },
            next: record(o),
            summary: `Organisation "${o.name}" created`,
            at,
          });
          return o;
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw taken(body.slug);
          throw err;
        });
      return c.json({ ...created, archived: false, created_at: at.toISOString(), editors: [] }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/admin/organisations/{id}',
      summary: 'Rename, re-slug, change the contact of, archive or restore an organisation (admin)',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: OrganisationChange } } },
      },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: Organisation } } },
        ...errors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const at = new Date(now());
      await deps.db
        .transaction()
        .execute(async (trx) => {
          const before = await findOrganisationById(trx, actor, id);
          if (!before) throw notFound(`No organisation ${id} in this tenant`);
          if (body.slug && body.slug !== before.slug && (await slugTaken(trx, actor, body.slug, id)))
            throw taken(body.slug);
          const change = {
            ...(body.slug !== undefined ? { slug: body.slug } : {}),
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.contact !== undefined ? { contact: body.contact } : {}),
            ...(body.archived !== undefined && body.archived !== (before.archived_at !== null)
              ? { archived_at: body.archived ? at : null }
              : {}),
          };
          const after = await updateOrganisation(trx, actor, id, change);
          if (!after) throw notFound(`No organisation ${id} in this tenant`);
          if (!Object.keys(change).length) return;
          const archivedNow = 'archived_at' in change;
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: archivedNow
              ? change.archived_at
                ? 'organisation.archive'
                : 'organisation.restore'
              : 'organisation.update',
            entity: { type: 'organisation', id },
            previous: record(before),
            next: record(after),
            summary: archivedNow
              ? `Organisation "${after.name}" ${change.archived_at ? 'archived' : 'restored'}`
              : `Organisation "${after.name}" changed`,
            at,
          });
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) throw taken(body.slug ?? '');
          throw err;
        });
      const view = (await listOrganisations(deps.db, actor)).find((o) => o.id === id);
      if (!view) throw notFound(`No organisation ${id} in this tenant`);
      return c.json(view, 200);
    },
  );
  return app;
}
