/**
 * GET /api/kiosks, GET /api/kiosks/{slug}: what a kiosk shows and how it behaves.
 * PUT / DELETE /api/admin/kiosks/{slug}: an admin of the tenant configures a kiosk without
 * touching code (a session with its CSRF token, an API token, or the deprecated ADMIN_TOKEN);
 * each change is in the audit log with the previous and the new configuration.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { authenticate } from '../accounts/authenticate.ts';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { recordAudit } from '../audit/record.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { tenantParam, textProblem } from '../http/params.ts';
import { KIOSK_DEFAULTS, KIOSK_LANGUAGES, KIOSK_LAYERS, KIOSK_LIMITS } from './options.ts';
import { deleteKiosk, findKiosk, listKiosks, resolveCentre, saveKiosk } from './queries.ts';

const slugParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'slug must be lowercase letters, digits and hyphens (at most 64)')
  .openapi({ param: { name: 'slug', in: 'path' }, example: 'kestrel-rise-community-centre' });

const Centre = z.object({
  id: z.string(),
  name: z.string(),
  names: z.record(z.string(), z.string()),
  address: z.string().nullable(),
  opening_hours: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
});
const Kiosk = z
  .object({
    slug: z.string(),
    configured: z.boolean(),
    default_language: z.string(),
    languages: z.array(z.string()),
    idle_seconds: z.number(),
    layers: z.array(z.string()),
    radius_m: z.number(),
    printer: z.boolean(),
    centre: Centre,
  })
  .openapi('Kiosk');

const KioskInput = z
  .object({
    centre: z
      .string({ message: 'centre is required: the id of a community centre, or the slug of its name' })
      .min(1)
      .max(100, 'centre must be at most 100 characters')
      .superRefine((v, ctx) => {
        const problem = textProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: `centre ${problem}` });
      }),
    default_language: z
      .enum(KIOSK_LANGUAGES, { message: `default_language must be one of ${KIOSK_LANGUAGES.join(', ')}` })
      .optional(),
    languages: z
      .array(z.enum(KIOSK_LANGUAGES, { message: `languages must be among ${KIOSK_LANGUAGES.join(', ')}` }))
      .min(1, 'languages must offer at least one language')
      .max(
        KIOSK_LANGUAGES.length,
        `languages may list at most the ${KIOSK_LANGUAGES.length} languages offered`,
      )
      .refine((l) => new Set(l).size === l.length, 'languages must not repeat a language')
      .optional(),
    idle_seconds: z
      .number()
      .int('idle_seconds must be a whole number')
      .min(KIOSK_LIMITS.idle_seconds.min, `idle_seconds must be at least ${KIOSK_LIMITS.idle_seconds.min}`)
      .max(KIOSK_LIMITS.idle_seconds.max, `idle_seconds must be at most ${KIOSK_LIMITS.idle_seconds.max}`)
      .optional(),
    layers: z
      .array(z.enum(KIOSK_LAYERS, { message: `layers must be among ${KIOSK_LAYERS.join(', ')}` }))
      .min(1, 'layers must show at least one layer')
      .max(KIOSK_LAYERS.length, `layers may list at most the ${KIOSK_LAYERS.length} layers there are`)
      .refine((l) => new Set(l).size === l.length, 'layers must not repeat a layer')
      .optional(),
    radius_m: z
      .number()
      .int()
      .min(KIOSK_LIMITS.radius_m.min, `radius_m must be at least ${KIOSK_LIMITS.radius_m.min}`)
      .max(KIOSK_LIMITS.radius_m.max, `radius_m must be at most ${KIOSK_LIMITS.radius_m.max}`)
      .optional(),
    printer: z.boolean().optional(),
  })
  .strict();

/** what the audit log keeps of a kiosk: its settings and its centre's id */
function kioskAudit(k: NonNullable<Awaited<ReturnType<typeof findKiosk>>>): Record<string, unknown> {
  const { centre, ...settings } = k;
  return { ...settings, centre: centre.id };
}

export function kioskRoutes(deps: AppDeps) {
  const app = createRouter();
  // who calls is checked before the body is even read, and the body is refused by its size
  app.use('/admin/kiosks/*', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });
  app.use('/admin/kiosks/*', jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/kiosks',
      summary: "The tenant's kiosks: the configured ones and one per community centre",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Kiosks', content: { 'application/json': { schema: z.array(Kiosk) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      return c.json(await listKiosks(deps.db, tenant), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/kiosks/{slug}',
      summary: "A kiosk's configuration, with the centre it stands in",
      request: { params: z.object({ slug: slugParam }), query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Kiosk', content: { 'application/json': { schema: Kiosk } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const k = await findKiosk(deps.db, tenant, c.req.valid('param').slug);
      if (!k) throw notFound(`No kiosk "${c.req.valid('param').slug}": GET /api/kiosks lists them`);
      return c.json(k, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/kiosks/{slug}',
      summary: 'Configure a kiosk (admin)',
      request: {
        params: z.object({ slug: slugParam }),
        query: z.object({ tenant: tenantParam }),
        body: { content: { 'application/json': { schema: KioskInput } }, required: true },
      },
      responses: {
        200: { description: 'The kiosk as saved', content: { 'application/json': { schema: Kiosk } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const { slug } = c.req.valid('param');
      const input = c.req.valid('json');
      const centre = await resolveCentre(deps.db, tenant.id, input.centre);
      if (!centre)
        throw badRequest(`centre: no community centre "${input.centre}" (its id, or the slug of its name)`);
      const languages = input.languages ?? [...KIOSK_LANGUAGES];
      const defaultLanguage =
        input.default_language ??
        (languages.includes(tenant.defaultLocale as (typeof KIOSK_LANGUAGES)[number])
          ? tenant.defaultLocale
          : languages[0]);
      if (!defaultLanguage || !(languages as string[]).includes(defaultLanguage)) {
        throw badRequest(
          `default_language: ${defaultLanguage} is not among the languages offered (${languages.join(', ')})`,
        );
      }
      // saved and read back in one transaction: a DELETE arriving between the two would
      // otherwise turn a successful PUT into a 404
      const saved = await deps.db.transaction().execute(async (trx) => {
        const before = await findKiosk(trx, tenant, slug);
        await saveKiosk(trx, tenant.id, slug, centre.id, {
          default_language: defaultLanguage,
          languages,
          idle_seconds: input.idle_seconds ?? KIOSK_DEFAULTS.idle_seconds,
          layers: input.layers ?? KIOSK_DEFAULTS.layers,
          radius_m: input.radius_m ?? KIOSK_DEFAULTS.radius_m,
          printer: input.printer ?? KIOSK_DEFAULTS.printer,
        });
        const after = await findKiosk(trx, tenant, slug);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'kiosk.save',
          entity: { type: 'kiosk', id: slug },
          previous: before?.configured ? kioskAudit(before) : null,
          next: after ? kioskAudit(after) : null,
          summary: `Kiosk /kiosk/${slug} configured`,
        });
        return after;
      });
      if (!saved) throw notFound(`No kiosk "${slug}"`);
      return c.json(saved, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/kiosks/{slug}',
      summary: "Remove a kiosk's configuration (a centre's own kiosk returns to the defaults)",
      request: { params: z.object({ slug: slugParam }), query: z.object({ tenant: tenantParam }) },
      responses: {
        200: {
          description: 'Removed',
          content: { 'application/json': { schema: z.object({ deleted: z.boolean() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const { slug } = c.req.valid('param');
      const deleted = await deps.db.transaction().execute(async (trx) => {
        const before = await findKiosk(trx, tenant, slug);
        const gone = await deleteKiosk(trx, tenant.id, slug);
        if (gone && before)
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'kiosk.delete',
            entity: { type: 'kiosk', id: slug },
            previous: kioskAudit(before),
            summary: `Kiosk /kiosk/${slug}: configuration removed`,
          });
        return gone;
      });
      if (!deleted) throw notFound(`No configured kiosk "${slug}"`);
      return c.json({ deleted }, 200);
    },
  );

  return app;
}
