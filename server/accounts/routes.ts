/**
 * /api/auth: sign-in with a password or a one-time link, sign-out, who am I, password changes.
 * Sessions are cookies (./sessions.ts); every state change of a session needs its X-CSRF-Token.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam } from '../http/params.ts';
import { publicBase } from '../http/public-url.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { authenticate, authenticateOptional } from './authenticate.ts';
import { AUTH_MAIL_LANGUAGES } from './mails.ts';
import { MeSchema, meOf } from './me.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';
import { SECRET_RE } from './secrets.ts';
import { clearSessionCookie, deleteSession, readSessionCookie, setSessionCookie } from './sessions.ts';
import { AuthService, LINK_ACCEPTED_MESSAGE, type RequestInfo } from './sign-in.ts';
import { tokenRoutes } from './token-routes.ts';

export const email = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));

const password = (name: string, min = 1) =>
  z
    .string({ message: `${name} must be text` })
    .min(min, min > 1 ? `${name} must be at least ${min} characters` : `${name} is required`)
    .max(PASSWORD_MAX_LENGTH, `${name} must be at most ${PASSWORD_MAX_LENGTH} characters`);

const SignInBody = z.object({ email, password: password('password') }).strict().openapi('SignInRequest');
const LinkBody = z
  .object({
    email,
    language: z
      .enum(AUTH_MAIL_LANGUAGES, { message: `language must be one of ${AUTH_MAIL_LANGUAGES.join(', ')}` })
      .optional(),
  })
  .strict()
  .openapi('SignInLinkRequest');
const ConsumeBody = z
  .object({ token: z.string().regex(SECRET_RE, 'token must be the token of a sign-in link') })
  .strict();
const PasswordBody = z
  .object({
    current_password: password('current_password').optional(),
    new_password: password('new_password', PASSWORD_MIN_LENGTH),
  })
  .strict()
  .openapi('PasswordChange');
const Accepted = z.object({ status: z.literal('accepted'), message: z.string() });

const authErrors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'CSRF token missing, or not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  429: { description: 'Too many attempts (Retry-After)', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export function authRoutes(deps: AppDeps) {
  const service = new AuthService(deps);
  const app = createRouter();
  const info = (c: Context): RequestInfo => ({
    client: c.get('clientAddress') ?? 'unknown',
    previousCookie: readSessionCookie(c, deps.config),
    setHeader: (n, v) => c.header(n, v),
    publicBase: publicBase(deps.config, c),
  });
  const slugOf = async (id: number) =>
    (await deps.db.selectFrom('tenant').select('slug').where('id', '=', id).executeTakeFirstOrThrow()).slug;
  const me = async (c: Context) => {
    const p = await authenticate(c, deps);
    return meOf(deps, p, {
      mayTenant: slugOf,
      maySetPassword: p.kind === 'session' && service.canSetWithoutCurrent(p.session, p.account),
    });
  };
  const signedIn = async (c: Context, r: Awaited<ReturnType<AuthService['consumeLink']>>) => {
    setSessionCookie(c, deps.config, r.session);
    c.set('principal', { kind: 'session', account: r.account, session: r.session.row });
    const p = { kind: 'session' as const, account: r.account, session: r.session.row };
    return meOf(deps, p, { mayTenant: slugOf, maySetPassword: service.canSetWithoutCurrent(p.session, p.account) });
  };
  const noStore = (c: Context) => c.header('cache-control', 'no-store');
  // who calls (and the CSRF token of a session) is checked before the body is read
  app.use('/auth/password', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/sign-in',
      summary: 'Sign in with an e-mail address and a password (sets the session cookie)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: SignInBody } } },
      },
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: MeSchema } } },
        ...authErrors,
      },
    }),
    async (c) => {
      noStore(c);
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const r = await service.signInWithPassword(tenant, c.req.valid('json'), info(c));
      return c.json(await signedIn(c, r), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/sign-in-link',
      summary: 'E-mail a one-time sign-in link (202 whatever the address)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: LinkBody } } },
      },
      responses: {
        202: { description: 'Accepted', content: { 'application/json': { schema: Accepted } } },
        ...authErrors,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const body = c.req.valid('json');
      const language =
        body.language ??
        ((AUTH_MAIL_LANGUAGES as readonly string[]).includes(tenant.defaultLocale)
          ? (tenant.defaultLocale as (typeof AUTH_MAIL_LANGUAGES)[number])
          : 'en');
      // the link opens the back office of this tenant: its host name, else its /t/<slug> prefix
      const publicBase = await tenantLinkBase(deps.db, deps.config, tenant, c);
      await service.requestLink(tenant, { email: body.email, language }, { ...info(c), publicBase });
      return c.json({ status: 'accepted' as const, message: LINK_ACCEPTED_MESSAGE }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/sign-in-link/consume',
      summary: 'Sign in with the token of a sign-in link (once; sets the session cookie)',
      request: { body: { required: true, content: { 'application/json': { schema: ConsumeBody } } } },
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: MeSchema } } },
        ...authErrors,
      },
    }),
    async (c) => {
      noStore(c);
      const r = await service.consumeLink(c.req.valid('json').token, info(c));
      return c.json(await signedIn(c, r), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/sign-out',
      summary: 'End the session (needs X-CSRF-Token)',
      responses: { 204: { description: 'Signed out' }, ...authErrors },
    }),
    async (c) => {
      const p = await authenticateOptional(c, deps);
      if (p && p.kind !== 'session')
        throw new ApiError(400, 'bad_request', 'Only a session signs out; revoke an API token with DELETE /api/auth/tokens/{id}');
      await deleteSession(deps.db, readSessionCookie(c, deps.config));
      clearSessionCookie(c, deps.config);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/me',
      summary: 'Who is signed in: account, memberships and roles, the CSRF token of the session',
      responses: {
        200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } },
        ...authErrors,
      },
    }),
    async (c) => {
      noStore(c);
      return c.json(await me(c), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password',
      summary: 'Set or change the password of the signed-in account (needs X-CSRF-Token)',
      request: { body: { required: true, content: { 'application/json': { schema: PasswordBody } } } },
      responses: { 204: { description: 'Changed' }, ...authErrors },
    }),
    async (c) => {
      const p = await authenticate(c, deps);
      if (p.kind !== 'session')
        throw new ApiError(403, 'forbidden', 'A password is set in a signed-in session, not with a token');
      await service.changePassword(p.account, p.session, c.req.valid('json'), info(c));
      return c.body(null, 204);
    },
  );

  app.route('/', tokenRoutes(deps));
  return app;
}
