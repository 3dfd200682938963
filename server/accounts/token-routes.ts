/**
 * /api/auth/tokens: personal API tokens of the signed-in account. POST makes one (scoped to the
 * session's tenant and one of the account's roles there; the token is in this answer only), GET
 * lists them (never the token), DELETE revokes one. Made and revoked in a session only (a token
 * cannot make tokens); each change is in the audit log.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { textParam, uuidPathParam } from '../http/params.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { authenticate, clockOf, type Principal } from './authenticate.ts';
import { actorIn, auditActorOf } from './authorize.ts';
import type { Executor } from './queries.ts';
import { ROLES } from './roles.ts';

const TokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    tenant: z.string(),
    role: z.enum(ROLES),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    expires_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('ApiToken');
const NewToken = TokenView.extend({ token: z.string() }).openapi('NewApiToken');
const NewTokenBody = z
  .object({
    name: textParam('name', 100).pipe(z.string().trim().min(1, 'name is required: what the token is for')),
    role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
    expires_in_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .openapi('NewApiTokenRequest');

const errors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed, or no CSRF token', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

function sessionOnly(p: Principal): Extract<Principal, { kind: 'session' }> {
  if (p.kind !== 'session')
    throw new ApiError(403, 'forbidden', 'API tokens are made and revoked in a signed-in session, not with a token');
  return p;
}

export function tokenRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  app.use('/auth/tokens', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });
  app.use('/auth/tokens/*', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });
  const principal = (c: Context) => authenticate(c, deps);
  const tenantOf = async (id: number, db: Executor = deps.db) =>
    db.selectFrom('tenant').select(['id', 'slug']).where('id', '=', id).executeTakeFirstOrThrow();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/tokens',
      summary: 'Make a personal API token for the session’s tenant and one of your roles there (shown once)',
      request: { body: { required: true, content: { 'application/json': { schema: NewTokenBody } } } },
      responses: {
        201: { description: 'The token, shown this once', content: { 'application/json': { schema: NewToken } } },
        ...errors,
      },
    }),
    async (c) => {
      const p = sessionOnly(await principal(c));
      const body = c.req.valid('json');
      const tenant = await tenantOf(p.session.tenant_id);
      const actor = await actorIn(deps, p, tenant);
      if (!actor.roles.includes(body.role))
        throw new ApiError(
          403,
          'forbidden',
          `role: you do not hold the role ${body.role} in tenant "${tenant.slug}"${actor.roles.length ? ` (you have ${actor.roles.join(', ')})` : ''}`,
        );
      const at = now();
      const made = await deps.db.transaction().execute(async (trx) => {
        const t = await createApiToken(trx, {
          accountId: p.account.id,
          tenantId: tenant.id,
          role: body.role,
          name: body.name,
          now: at,
          ...(body.expires_in_days ? { expiresInDays: body.expires_in_days } : {}),
        });
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'token.create',
          entity: { type: 'api_token', id: t.id },
          next: { name: body.name, role: body.role, account_id: p.account.id, expires_in_days: body.expires_in_days ?? null },
          summary: `API token "${body.name}" (${body.role})`,
          at: new Date(at),
        });
        return t;
      });
      const view = (await listApiTokens(deps.db, p.account.id)).find((t) => t.id === made.id);
      if (!view) throw new Error('the token just made is not there');
      return c.json({ ...view, token: made.token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/tokens',
      summary: 'Your personal API tokens (never the tokens themselves)',
      responses: {
        200: { description: 'Tokens', content: { 'application/json': { schema: z.array(TokenView) } } },
        ...errors,
      },
    }),
    async (c) => {
      const p = await principal(c);
      if (p.kind === 'admin_token') return c.json([], 200);
      return c.json(await listApiTokens(deps.db, p.account.id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/auth/tokens/{id}',
      summary: 'Revoke one of your API tokens',
      request: { params: z.object({ id: uuidPathParam('id') }) },
      responses: { 204: { description: 'Revoked' }, ...errors },
    }),
    async (c) => {
      const p = sessionOnly(await principal(c));
      const id = c.req.valid('param').id;
      const at = now();
      const revoked = await deps.db.transaction().execute(async (trx) => {
        const r = await revokeApiToken(trx, p.account.id, id, at);
        if (!r) return undefined;
        // inside the transaction every read goes through it (the embedded database has one connection)
        const tenant = await tenantOf(r.tenant_id, trx);
        await recordAudit(trx, {
          tenantId: r.tenant_id,
          actor: auditActorOf(await actorIn({ db: trx }, p, tenant)),
          action: 'token.revoke',
          entity: { type: 'api_token', id: r.id },
          previous: { name: r.name, role: r.role, revoked: false },
          next: { revoked: true },
          summary: `Revoked API token "${r.name}"`,
          at: new Date(at),
        });
        return r;
      });
      if (!revoked) throw notFound(`No live API token ${id} of yours`);
      return c.body(null, 204);
    },
  );
  return app;
}
