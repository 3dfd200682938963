/**
 * The subscription API: POST /api/subscriptions (double opt-in), the manage API of a link's
 * token (GET/PATCH/DELETE /api/subscriptions/manage), and POST /api/admin/local-digest — the
 * hand-off of `npm run digest` to the server holding the embedded data folder.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requireLocalCaller } from '../admin/local-import-routes.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, errorBody, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam } from '../http/params.ts';
import { runDigests } from './digest.ts';
import { deleteByToken, findByToken, updateSubscription } from './queries.ts';
import { SubscriptionService, storableFilters } from './service.ts';
import { MAIL_LANGUAGES } from './texts.ts';
import { TOKEN_RE } from './tokens.ts';

export const LOCAL_DIGEST_PATH = '/api/admin/local-digest';

const email = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));
const language = z.enum(MAIL_LANGUAGES, { message: `language must be one of ${MAIL_LANGUAGES.join(', ')}` });
const frequency = z.enum(['weekly', 'daily'], { message: 'frequency must be weekly or daily' });
const filters = z
  .record(z.string().max(40), z.string().max(2000, 'a filter value must be at most 2000 characters'), {
    message:
      'filters must be an object of what-is-on query parameters, e.g. {"area":"…","audience":"seniors"}',
  })
  .refine((f) => Object.keys(f).length <= 30, 'filters: at most 30 parameters');
const token = z.string().regex(TOKEN_RE, 'token must be the token of a subscription link');

const SubscribeBody = z
  .object({ email, language, frequency: frequency.default('weekly'), filters: filters.default({}) })
  .strict()
  .openapi('SubscribeRequest');
const Accepted = z
  .object({ status: z.literal('accepted'), message: z.string() })
  .openapi('SubscribeAccepted');
const ManageView = z
  .object({ language, frequency, filters: z.record(z.string(), z.string()), confirmed: z.boolean() })
  .openapi('SubscriptionSettings');
const ManageChange = z
  .object({
    token,
    language: language.optional(),
    frequency: frequency.optional(),
    filters: filters.optional(),
  })
  .strict();

export const ACCEPTED_MESSAGE =
  'If this address can receive mail, a message is on its way to it: follow its link to confirm. Nothing is sent before that.';

export function subscriptionRoutes(deps: AppDeps) {
  const service = new SubscriptionService(deps);
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/subscriptions',
      summary: 'Subscribe to an e-mail digest of a view (double opt-in: a confirmation mail is sent)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: SubscribeBody } } },
      },
      responses: {
        202: {
          description: 'The same answer for a new, pending or subscribed address',
          content: { 'application/json': { schema: Accepted } },
        },
        ...errorResponses,
        503: {
          description: 'Mail is off on this server (mail_disabled)',
          content: { 'application/json': { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      service.requireMail();
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant ?? body.filters.tenant);
      await service.subscribe(tenant, body);
      return c.json({ status: 'accepted' as const, message: ACCEPTED_MESSAGE }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/subscriptions/manage',
      summary: "A subscription's settings, by the token of a manage link",
      request: { query: z.object({ token }) },
      responses: {
        200: { description: 'Settings', content: { 'application/json': { schema: ManageView } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const row = await findByToken(deps.db, c.req.valid('query').token, 'manage');
      if (!row) throw notFound('No subscription has this link: it expired or the subscription was deleted');
      return c.json(
        {
          language: row.language as (typeof MAIL_LANGUAGES)[number],
          frequency: row.frequency,
          filters: row.filters,
          confirmed: !!row.confirmed_at,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/subscriptions/manage',
      summary: "Changes a subscription's language, frequency or filters",
      request: { body: { required: true, content: { 'application/json': { schema: ManageChange } } } },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: ManageView } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const row = await findByToken(deps.db, body.token, 'manage');
      if (!row) throw notFound('No subscription has this link: it expired or the subscription was deleted');
      const tenant = await tenantById(deps, row.tenant_id);
      const stored = body.filters ? await storableFilters(deps, tenant, body.filters) : undefined;
      await updateSubscription(deps.db, row.id, {
        ...(body.language ? { language: body.language } : {}),
        ...(body.frequency ? { frequency: body.frequency } : {}),
        ...(stored ? { filters: stored } : {}),
      });
      return c.json(
        {
          language: (body.language ?? row.language) as (typeof MAIL_LANGUAGES)[number],
          frequency: body.frequency ?? row.frequency,
          filters: stored ?? row.filters,
          confirmed: !!row.confirmed_at,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/subscriptions/manage',
      summary: 'Deletes a subscription (its address and everything stored with it)',
      request: { query: z.object({ token }) },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      if (!(await deleteByToken(deps.db, c.req.valid('query').token)))
        throw notFound('No subscription has this link: it expired or the subscription was deleted');
      return c.body(null, 204);
    },
  );

  // npm run digest handing its run to this server (same rules as the local import)
  app.post(
    '/admin/local-digest',
    async (c, next) => {
      if (!deps.localImportSecret)
        throw new ApiError(
          404,
          'not_found',
          'No local digest here: this server does not hold an embedded data folder',
        );
      requireLocalCaller(c, deps.localImportSecret);
      await next();
    },
    bodyLimit({
      maxSize: 1024,
      onError: (c) => c.json(errorBody('payload_too_large', 'The request is larger than 1 KB'), 413),
    }),
    async (c) => {
      const mailer = service.requireMail();
      const raw = (await c.req.json().catch(() => ({}))) as unknown;
      const force = z.object({ force: z.boolean().default(false) }).safeParse(raw);
      const report = await runDigests(deps.db, {
        config: deps.config,
        mailer,
        log: deps.log,
        force: force.success ? force.data.force : false,
      });
      return c.json(report, 200);
    },
  );
  return app;
}

async function tenantById(deps: AppDeps, id: number) {
  const row = await deps.db
    .selectFrom('tenant')
    .select('slug')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return deps.tenants.resolve(row.slug);
}
