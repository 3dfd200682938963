/**
 * Residents' proposals (docs/PARTICIPATION.md): POST /api/proposals (202, a confirmation mail),
 * the edit of a returned proposal from its mail (GET/PUT /api/proposals/edit?token=), and the join
 * link of a resident initiative on request (GET /api/opportunities/{id}/join-link) — the only place
 * a private group's link is given out.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, uuidPathParam } from '../http/params.ts';
import { guardSubmission } from '../participation/abuse.ts';
import { readToken, useToken } from '../participation/tokens.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer, type OutgoingMail } from '../subscriptions/mailer.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText } from '../tenants/queries.ts';
import { ProposalBody, ProposalEditBody, ProposalView, TokenSchema } from './input.ts';
import { joinLinkOf } from './join.ts';
import { proposalConfirmMail } from './mails.ts';
import { checkFields, readProposal, resubmitProposal, storeProposal, viewOf } from './service.ts';

const Unconfirmed = z.object({ status: z.literal('unconfirmed') }).openapi('ParticipationAccepted');
const JoinLink = z.object({ url: z.string(), platform: z.string() }).openapi('JoinLink');
const mailOff = {
  503: {
    description: 'Mail is off on this server (mail_disabled)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};
const refusals = {
  403: {
    description: 'Blocked by the moderators (blocked)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  409: { description: 'Not editable now', content: { 'application/json': { schema: ErrorSchema } } },
  429: {
    description: 'Too many submissions from this e-mail address (rate_limited)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

/** the mailer of the participation routes (null: mail is off) and a sender that logs failures */
export function participationMailer(deps: AppDeps) {
  const mailer: Mailer | null = createMailer(deps.config);
  return {
    mailer,
    require(): Mailer {
      if (!mailer) throw new ApiError(503, 'mail_disabled', MAIL_OFF_MESSAGE);
      return mailer;
    },
    async send(mail: OutgoingMail, what: Record<string, string>): Promise<void> {
      if (!mailer) return;
      try {
        await mailer.send(mail);
      } catch (err) {
        deps.log.warn('participation mail not sent', { ...what, error: (err as Error).message });
      }
    },
  };
}

export function proposalRoutes(deps: AppDeps) {
  const app = createRouter();
  const mail = participationMailer(deps);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/proposals',
      summary:
        'Proposes an activity, an initiative or a group (no account: confirmed by e-mail, then moderated)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: ProposalBody } } },
      },
      responses: {
        202: {
          description: 'Stored (unless refused as a robot’s) and a confirmation mail sent',
          content: { 'application/json': { schema: Unconfirmed } },
        },
        ...errorResponses,
        ...refusals,
        ...mailOff,
      },
    }),
    async (c) => {
      mail.require();
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const guard = await guardSubmission(c, deps, {
        tenantId: tenant.id,
        email: body.email,
        honeypot: body.website,
      });
      if (guard.drop) return c.json({ status: 'unconfirmed' as const }, 202);
      const stored = await deps.db.transaction().execute(async (trx) => {
        await checkFields(trx, tenant, body, body.call_id ?? null);
        return storeProposal(trx, tenant, body, guard);
      });
      const base = await tenantLinkBase(deps.db, deps.config, tenant);
      await mail.send(
        proposalConfirmMail({
          to: body.email,
          lang: stored.language,
          tenantName: pickText(tenant.name, stored.language, tenant.defaultLocale).text,
          title: body.title,
          base,
          token: stored.token,
        }),
        { proposal: stored.id, mail: 'confirm' },
      );
      return c.json({ status: 'unconfirmed' as const }, 202);
    },
  );

  const unknownEdit = () => new ApiError(404, 'unknown_token', 'This edit link is unknown or has expired');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/proposals/edit',
      summary: 'A returned proposal, by the token of the edit link in the "returned" mail',
      request: { query: z.object({ token: TokenSchema, tenant: tenantParam }) },
      responses: {
        200: { description: 'Its fields', content: { 'application/json': { schema: ProposalView } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const t = await readToken(deps.db, tenant.id, 'edit', q.token);
      if (t?.targetType !== 'proposal') throw unknownEdit();
      const row = await readProposal(deps.db, tenant.id, t.targetId);
      if (!row) throw unknownEdit();
      return c.json(viewOf(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/proposals/edit',
      summary: 'Sends a returned proposal again, changed (it goes back to the moderation queue)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: ProposalEditBody } } },
      },
      responses: {
        200: { description: 'Pending again', content: { 'application/json': { schema: ProposalView } } },
        ...errorResponses,
        409: refusals[409],
      },
    }),
    async (c) => {
      const { token, ...fields } = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const t = await readToken(deps.db, tenant.id, 'edit', token);
      if (t?.targetType !== 'proposal') throw unknownEdit();
      const view = await deps.db.transaction().execute(async (trx) => {
        const v = await resubmitProposal(trx, tenant, t.targetId, fields);
        await useToken(trx, token);
        return v;
      });
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/opportunities/{id}/join-link',
      summary:
        'A resident initiative\'s join link (the "Show the join link" button; private groups included)',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ tenant: tenantParam }),
      },
      responses: {
        200: { description: 'The link', content: { 'application/json': { schema: JoinLink } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const link = await joinLinkOf(deps.db, tenant.id, id);
      if (!link?.url || !link.platform)
        throw notFound(`No published resident initiative ${id} with a join link`);
      c.header('cache-control', 'no-store');
      c.header('x-robots-tag', 'noindex');
      return c.json({ url: link.url, platform: link.platform }, 200);
    },
  );
  return app;
}
