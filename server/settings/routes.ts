/**
 * GET / PUT /api/admin/settings: the tenant's names per language, the languages offered and the
 * default one, the time zone (an IANA name both Node and the database know), the home view, the
 * contact address, and the digests' weekday and hour (null: the install-wide DIGEST_WEEKDAY /
 * DIGEST_HOUR). Admins of the tenant only. A change is one audit entry with the previous and the
 * new settings; the tenant cache is dropped so the next request sees it; a new time zone moves
 * the stored occurrences' local hours in the same transaction.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { clockOf } from '../accounts/authenticate.ts';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { adminOnly } from '../admin/guard.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, textProblem } from '../http/params.ts';
import { refreshAfterChange } from '../opportunities/occurrence-store.ts';
import { readSettings, type TenantSettings, writeSettings } from './queries.ts';
import { sql } from 'kysely';

/** the languages of the user interface a tenant may offer */
export const TENANT_LANGUAGES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;

/** an IANA time zone name that this Node knows ("Europe/Warsaw", "UTC"); offsets are refused */
export function isTimeZone(v: string): boolean {
  if (!/^(UTC|[A-Za-z]+(\/[A-Za-z0-9_+-]+){1,2})$/.test(v)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

const lang = (name: string) =>
  z.enum(TENANT_LANGUAGES, { message: `${name} must be one of ${TENANT_LANGUAGES.join(', ')}` });

const name = z
  .string({ message: 'names: each name must be text' })
  .trim()
  .max(200, 'names: each name must be at most 200 characters')
  .superRefine((v, ctx) => {
    const p = textProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: `names ${p}` });
  });

const Settings = z
  .object({
    names: z.partialRecord(lang('names: each key'), name),
    locales: z
      .array(lang('locales'))
      .min(1, 'locales must offer at least one language')
      .refine((l) => new Set(l).size === l.length, 'locales must not repeat a language'),
    default_locale: lang('default_locale'),
    timezone: z
      .string({ message: 'timezone must be text' })
      .max(64, 'timezone must be at most 64 characters')
      .refine(isTimeZone, 'timezone must be an IANA time zone such as Europe/Warsaw or America/Vancouver'),
    home: z
      .object({
        center: z.tuple(
          [
            z
              .number({ message: 'home.center: longitude must be a number' })
              .min(-180, 'home.center: longitude must be at least -180')
              .max(180, 'home.center: longitude must be at most 180'),
            z
              .number({ message: 'home.center: latitude must be a number' })
              .min(-85, 'home.center: latitude must be at least -85')
              .max(85, 'home.center: latitude must be at most 85'),
          ],
          { message: 'home.center must be [longitude, latitude]' },
        ),
        zoom: z
          .number({ message: 'home.zoom must be a number' })
          .min(0, 'home.zoom must be at least 0')
          .max(22, 'home.zoom must be at most 22'),
      })
      .strict(),
    contact_email: z
      .string({ message: 'contact_email must be an e-mail address' })
      .trim()
      .max(254, 'contact_email must be at most 254 characters')
      .pipe(z.email({ message: 'contact_email must be an e-mail address such as info@town.example' }))
      .nullable()
      .optional(),
    digest: z
      .object({
        weekday: z
          .number()
          .int('digest.weekday must be a whole number')
          .min(1, 'digest.weekday must be 1 (Monday) to 7 (Sunday)')
          .max(7, 'digest.weekday must be 1 (Monday) to 7 (Sunday)')
          .nullable(),
        hour: z
          .number()
          .int('digest.hour must be a whole number')
          .min(0, 'digest.hour must be 0 to 23')
          .max(23, 'digest.hour must be 0 to 23')
          .nullable(),
      })
      .strict()
      .optional(),
    /** '12h' | '24h' forces the clock of the town's pages; null: the reader's language decides; absent: unchanged */
    clock: z
      .enum(['12h', '24h'], { message: "clock must be '12h', '24h' or null (the custom of the reader's language)" })
      .nullable()
      .optional(),
  })
  .strict()
  .openapi('TenantSettingsInput');

const SettingsAnswer = z
  .object({
    slug: z.string(),
    names: z.record(z.string(), z.string()),
    locales: z.array(z.string()),
    default_locale: z.string(),
    timezone: z.string(),
    home: z.object({ center: z.tuple([z.number(), z.number()]), zoom: z.number() }),
    contact_email: z.string().nullable(),
    digest: z.object({ weekday: z.number().nullable(), hour: z.number().nullable() }),
    clock: z.enum(['12h', '24h']).nullable(),
    /** the install-wide digest schedule, which applies where digest.weekday / hour are null */
    digest_default: z.object({ weekday: z.number(), hour: z.number() }),
    languages_available: z.array(z.string()),
  })
  .openapi('TenantSettings');

const errors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Not an admin of the tenant',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

export function settingsRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  app.use('/admin/settings', ...adminOnly(deps));
  const answer = (s: TenantSettings) => ({
    ...s,
    digest_default: { weekday: deps.config.DIGEST_WEEKDAY, hour: deps.config.DIGEST_HOUR },
    languages_available: [...TENANT_LANGUAGES],
  });
  const read = async (tenantId: number) => {
    const s = await readSettings(deps.db, tenantId);
    if (!s) throw notFound('The tenant is gone');
    return s;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/settings',
      summary: "The tenant's settings (admin)",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: { description: 'Settings', content: { 'application/json': { schema: SettingsAnswer } } },
        ...errors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      await requireRole(c, deps, tenant, ['admin']);
      c.header('cache-control', 'no-store');
      return c.json(answer(await read(tenant.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/settings',
      summary: "Change the tenant's settings (admin)",
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: Settings } } },
      },
      responses: {
        200: {
          description: 'The settings as saved',
          content: { 'application/json': { schema: SettingsAnswer } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const body = c.req.valid('json');
      if (!body.locales.includes(body.default_locale))
        throw badRequest(
          `default_locale: ${body.default_locale} is not among the locales offered (${body.locales.join(', ')})`,
        );
      const names = Object.fromEntries(
        Object.entries(body.names).filter(([, v]) => typeof v === 'string' && v !== ''),
      ) as Record<string, string>;
      if (!names[body.default_locale])
        throw badRequest(`names.${body.default_locale}: the name in the default language is required`);
      const next: Omit<TenantSettings, 'slug'> = {
        names,
        locales: body.locales,
        default_locale: body.default_locale,
        timezone: body.timezone,
        home: { center: body.home.center, zoom: body.home.zoom },
        contact_email: body.contact_email ?? null,
        digest: { weekday: body.digest?.weekday ?? null, hour: body.digest?.hour ?? null },
        clock: body.clock ?? null,
      };
      const at = new Date(now());
      await deps.db.transaction().execute(async (trx) => {
        // the database must know the zone too (its tz database may be older than Node's)
        const known = await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM pg_timezone_names WHERE name = ${next.timezone}`.execute(trx);
        if (!known.rows[0]?.n)
          throw badRequest(`timezone: the database does not know the time zone ${next.timezone}`);
        const before = await readSettings(trx, tenant.id);
        if (!before) throw notFound('The tenant is gone');
        // a client that does not know the clock setting leaves it as it was
        if (body.clock === undefined) next.clock = before.clock;
        await writeSettings(trx, tenant.id, next, at);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'tenant.settings',
          entity: { type: 'tenant', id: tenant.id },
          previous: { ...before },
          next: { slug: before.slug, ...next },
          summary: `Settings of ${tenant.slug} changed`,
          at,
        });
        // the stored occurrences' local hours follow a changed time zone, in the same transaction
        if (before.timezone !== next.timezone)
          await refreshAfterChange(trx, tenant.id, {
            now: at.getTime(),
            horizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
            whole: true,
          });
      });
      deps.tenants.invalidate();
      return c.json(answer(await read(tenant.id)), 200);
    },
  );
  return app;
}
