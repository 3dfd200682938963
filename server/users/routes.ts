/**
 * Users and roles of a tenant (admins of the tenant only):
 *
 * - GET /api/admin/users — the accounts with a membership in the tenant, with those memberships;
 * - POST /api/admin/users — invite: {email, role, organisation? (editor), area? (block
 *   connector), language?}: the account is created if new, the membership added, and a one-time
 *   sign-in link is e-mailed (valid INVITE_LINK_HOURS); the answer says whether a mail went out,
 *   and carries the link itself when it did not (mail off, or the mail server refused), to copy;
 * - DELETE /api/admin/users/{id}/memberships/{membershipId} — removes a role;
 * - POST /api/admin/users/{id}/disable | enable — the account cannot sign in (signed out
 *   everywhere, its API tokens stop working) / can again.
 *
 * A tenant always keeps an enabled admin: removing or disabling its last one is 409. An admin
 * sees and touches only accounts with a membership in the tenant (operators: any); an account
 * that also holds roles in another tenant, or an operator, is disabled by an operator only (the
 * account is shared). Every change is audited in its own transaction with previous and next.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { clockOf } from '../accounts/authenticate.ts';
import { type Actor, auditActorOf, requireRole } from '../accounts/authorize.ts';
import { createSignInLink, signInLinkUrl } from '../accounts/links.ts';
import { addMembership, ensureAccount } from '../accounts/queries.ts';
import { ROLES } from '../accounts/roles.ts';
import { inTenant } from '../accounts/scope.ts';
import { deleteSessionsOf } from '../accounts/sessions.ts';
import { adminOnly, conflict, lockTenant } from '../admin/guard.ts';
import { recordAudit } from '../audit/record.ts';
import type { Role } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, uuidPathParam } from '../http/params.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { createMailer, type Mailer } from '../subscriptions/mailer.ts';
import type { Tenant } from '../tenants/queries.ts';
import { AUTH_MAIL_LANGUAGES, type AuthMailLanguage, inviteMail } from './mails.ts';
import {
  adminsLeft,
  areaIn,
  deleteMembership,
  listUsers,
  organisationIn,
  otherTenantCount,
  type UserView,
  userInScope,
} from './queries.ts';

const email = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));

const Invite = z
  .object({
    email,
    role: z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` }),
    organisation: z
      .string({ message: 'organisation must be the id or the slug of an organisation' })
      .min(1, 'organisation must be the id or the slug of an organisation')
      .max(64, 'organisation must be the id or the slug of an organisation')
      .optional(),
    area: uuidPathParam('area').optional(),
    language: z
      .enum(AUTH_MAIL_LANGUAGES, { message: `language must be one of ${AUTH_MAIL_LANGUAGES.join(', ')}` })
      .optional(),
  })
  .strict()
  .openapi('Invitation');

const Membership = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  organisation: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
  area: z.object({ id: z.string(), name: z.string() }).nullable(),
  drawn_area: z.boolean(),
  created_at: z.string(),
});
const User = z
  .object({
    id: z.string(),
    email: z.string(),
    operator: z.boolean(),
    disabled: z.boolean(),
    has_password: z.boolean(),
    created_at: z.string(),
    last_sign_in_at: z.string().nullable(),
    memberships: z.array(Membership),
  })
  .openapi('User');
const InviteAnswer = z
  .object({
    user: User,
    account_created: z.boolean(),
    membership_created: z.boolean(),
    mail: z.object({
      sent: z.boolean(),
      /** why none went out: mail is off (SMTP_URL unset), or the mail server refused it */
      reason: z.enum(['mail_off', 'mail_failed']).nullable(),
    }),
    /** the sign-in link, only when no mail carried it: give it to the person another way */
    link: z.object({ url: z.string(), expires_at: z.string() }).nullable(),
  })
  .openapi('InvitationAnswer');

const errors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Not an admin of the tenant',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  409: {
    description: "The tenant's last admin, a disabled account, or an account shared with another tenant",
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

const params = z.object({ id: uuidPathParam('id') });

function mailLanguage(tenant: Tenant, asked: AuthMailLanguage | undefined): AuthMailLanguage {
  if (asked) return asked;
  return (AUTH_MAIL_LANGUAGES as readonly string[]).includes(tenant.defaultLocale)
    ? (tenant.defaultLocale as AuthMailLanguage)
    : 'en';
}

const membershipRecord = (u: Pick<UserView, 'id' | 'email'>, m: UserView['memberships'][number]) => ({
  account_id: u.id,
  email: u.email,
  role: m.role,
  organisation_id: m.organisation?.id ?? null,
  organisation: m.organisation?.slug ?? null,
  area_id: m.area?.id ?? null,
});

export function userRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  let mailer: Mailer | null | undefined;
  const mail = () => {
    if (mailer === undefined) mailer = createMailer(deps.config);
    return mailer;
  };
  app.use('/admin/users', ...adminOnly(deps));
  app.use('/admin/users/*', ...adminOnly(deps));

  const context = async (c: Context, slug: string | undefined): Promise<{ tenant: Tenant; actor: Actor }> => {
    const tenant = await deps.tenants.resolve(slug);
    return { tenant, actor: await requireRole(c, deps, tenant, ['admin']) };
  };
  const found = async (actor: Actor, id: string): Promise<UserView> => {
    const u = await userInScope(deps.db, actor, id);
    if (!u) throw notFound(`No account ${id} with a role in this tenant`);
    return u;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/users',
      summary: "The tenant's accounts and their roles there (admin)",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: {
          description: 'Accounts, by address',
          content: { 'application/json': { schema: z.object({ items: z.array(User) }) } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { actor } = await context(c, c.req.valid('query').tenant);
      c.header('cache-control', 'no-store');
      return c.json({ items: await listUsers(deps.db, actor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/users',
      summary: 'Invite someone: account (if new) + a role in the tenant + an e-mailed sign-in link (admin)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: Invite } } },
      },
      responses: {
        200: { description: 'Invited', content: { 'application/json': { schema: InviteAnswer } } },
        ...errors,
      },
    }),
    async (c) => {
      const { tenant, actor } = await context(c, c.req.valid('query').tenant);
      const body = c.req.valid('json');
      const role: Role = body.role;
      if (role === 'editor' && !body.organisation)
        throw badRequest(
          'organisation: an editor needs the organisation whose places and activities they edit',
        );
      if (role !== 'editor' && body.organisation)
        throw badRequest('organisation: only an editor has an organisation');
      if (role === 'block_connector' && !body.area)
        throw badRequest('area: a block connector needs the area they look after');
      if (role !== 'block_connector' && body.area)
        throw badRequest('area: only a block connector has an area');
      const organisation = body.organisation
        ? await organisationIn(deps.db, actor, body.organisation)
        : undefined;
      if (body.organisation && !organisation)
        throw badRequest(`organisation: no organisation "${body.organisation}" in this tenant`);
      if (organisation?.archived)
        throw badRequest(
          `organisation: "${organisation.name}" is archived; restore it before adding editors`,
        );
      const area = body.area ? await areaIn(deps.db, actor, body.area) : undefined;
      if (body.area && !area) throw badRequest(`area: no area ${body.area} in this tenant`);

      const at = new Date(now());
      const hours = deps.config.INVITE_LINK_HOURS;
      const done = await deps.db.transaction().execute(async (trx) => {
        const { account, created } = await ensureAccount(trx, body.email, at);
        if (account.disabled_at)
          throw conflict(`email: the account ${account.email} is disabled; enable it first`, {
            field: 'email',
          });
        if (created)
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'account.create',
            entity: { type: 'account', id: account.id },
            next: { email: account.email },
            summary: `Account ${account.email} created (invited)`,
            at,
          });
        const m = await addMembership(
          trx,
          {
            accountId: account.id,
            tenantId: tenant.id,
            role,
            organisationId: organisation?.id ?? null,
            areaId: area?.id ?? null,
          },
          at,
        );
        if (m.created)
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'membership.add',
            entity: { type: 'membership', id: m.id },
            next: {
              account_id: account.id,
              email: account.email,
              role,
              organisation_id: organisation?.id ?? null,
              organisation: organisation?.slug ?? null,
              area_id: area?.id ?? null,
            },
            summary: `${account.email} is ${role}${organisation ? ` of ${organisation.slug}` : ''}${area ? ` of ${area.name}` : ''} in ${tenant.slug}`,
            at,
          });
        const link = await createSignInLink(trx, {
          accountId: account.id,
          tenantId: tenant.id,
          now: at.getTime(),
          minutes: hours * 60,
        });
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'auth.sign_in_link_issued',
          entity: { type: 'account', id: account.id },
          next: { expires_at: link.expiresAt.toISOString(), via: 'invitation' },
          summary: `An invitation's sign-in link for ${account.email}`,
          at,
        });
        return { account, created, membershipCreated: m.created, link };
      });

      const url = signInLinkUrl(await tenantLinkBase(deps.db, deps.config, tenant, c), done.link.token);
      const mailer = mail();
      let reason: 'mail_off' | 'mail_failed' | null = mailer ? null : 'mail_off';
      if (mailer) {
        const language = mailLanguage(tenant, body.language);
        try {
          await mailer.send(
            inviteMail({
              to: done.account.email,
              language,
              tenantName: tenant.name[language] ?? tenant.name[tenant.defaultLocale] ?? tenant.slug,
              by: actor.label,
              role,
              organisation: organisation?.name ?? null,
              url,
              hours,
            }),
          );
        } catch (err) {
          reason = 'mail_failed';
          deps.log.error('the invitation mail could not be sent', { error: (err as Error).message });
        }
      }
      const user = await found(actor, done.account.id);
      return c.json(
        {
          user,
          account_created: done.created,
          membership_created: done.membershipCreated,
          mail: { sent: reason === null, reason },
          link: reason === null ? null : { url, expires_at: done.link.expiresAt.toISOString() },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/users/{id}/memberships/{membershipId}',
      summary: 'Remove a role of an account in the tenant (admin; never the last admin)',
      request: {
        params: z.object({ id: uuidPathParam('id'), membershipId: uuidPathParam('membershipId') }),
        query: z.object({ tenant: tenantParam }),
      },
      responses: {
        200: {
          description: 'Removed; the account as it is now',
          content: { 'application/json': { schema: User } },
        },
        ...errors,
      },
    }),
    async (c) => {
      const { tenant, actor } = await context(c, c.req.valid('query').tenant);
      const { id, membershipId } = c.req.valid('param');
      const at = new Date(now());
      await deps.db.transaction().execute(async (trx) => {
        await lockTenant(trx, tenant.id);
        const user = await userInScope(trx, actor, id);
        const m = user?.memberships.find((x) => x.id === membershipId);
        if (!user || !m) throw notFound(`No role ${membershipId} of account ${id} in this tenant`);
        if (m.role === 'admin' && !user.disabled && (await adminsLeft(trx, actor, { membershipId })) === 0)
          throw conflict(
            `${user.email} is the last administrator of this tenant: make someone else an administrator first`,
          );
        await deleteMembership(trx, actor, id, membershipId);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'membership.remove',
          entity: { type: 'membership', id: membershipId },
          previous: membershipRecord(user, m),
          summary: `${user.email} is no longer ${m.role}${m.organisation ? ` of ${m.organisation.slug}` : ''} in ${tenant.slug}`,
          at,
        });
      });
      // an account left with no role here is no longer the tenant's to see
      const after = await userInScope(deps.db, { tenantId: tenant.id, operator: true }, id);
      if (!after) throw notFound(`No account ${id}`);
      return c.json(after, 200);
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/admin/users/{id}/${action}`,
        summary:
          action === 'disable'
            ? 'Disable an account: signed out everywhere, its API tokens stop working (admin; never the last admin)'
            : 'Enable a disabled account again (admin)',
        request: { params, query: z.object({ tenant: tenantParam }) },
        responses: {
          200: { description: 'The account as it is now', content: { 'application/json': { schema: User } } },
          ...errors,
        },
      }),
      async (c) => {
        const { tenant, actor } = await context(c, c.req.valid('query').tenant);
        const { id } = c.req.valid('param');
        const at = new Date(now());
        await deps.db.transaction().execute(async (trx) => {
          await lockTenant(trx, tenant.id);
          const user = await userInScope(trx, actor, id);
          if (!user) throw notFound(`No account ${id} with a role in this tenant`);
          if (user.disabled === (action === 'disable')) return; // already so: nothing to record
          if (!actor.operator && (user.operator || (await otherTenantCount(trx, actor, id)) > 0))
            throw conflict(
              `${user.email} also holds roles elsewhere (another municipality, or as an operator): remove their roles here instead, or ask an operator`,
            );
          if (action === 'disable') {
            if (user.id === actor.accountId) throw conflict('You cannot disable your own account');
            if (
              user.memberships.some((m) => m.role === 'admin') &&
              (await adminsLeft(trx, actor, { accountId: id })) === 0
            )
              throw conflict(
                `${user.email} is the last administrator of this tenant: make someone else an administrator first`,
              );
          }
          let update = trx
            .updateTable('account')
            .set({ disabled_at: action === 'disable' ? at : null })
            .where('id', '=', id);
          // the tenant in the statement too: an admin's change reaches only an account of the tenant
          if (!actor.operator)
            update = update.where((eb) =>
              eb.exists(
                eb
                  .selectFrom('membership')
                  .select('membership.id')
                  .whereRef('membership.account_id', '=', 'account.id')
                  .where(inTenant(actor, 'membership')),
              ),
            );
          await update.execute();
          if (action === 'disable') await deleteSessionsOf(trx, id);
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: `account.${action}`,
            entity: { type: 'account', id },
            previous: { email: user.email, disabled: user.disabled },
            next: { email: user.email, disabled: action === 'disable' },
            summary: `${action === 'disable' ? 'Disabled' : 'Enabled'} ${user.email}`,
            at,
          });
        });
        return c.json(await found(actor, id), 200);
      },
    );
  }
  return app;
}
