/**
 * Residents' needs and supports (issue 13, docs/PARTICIPATION.md "Needs, surveys and supports"):
 *
 * - `POST /api/needs` — a need pinned on the map (or an answer to a survey campaign, whose
 *   answers are checked against its questions) → 202 and a confirmation mail; confirmed, it waits
 *   for moderation (the moderation API publishes, returns or rejects it);
 * - `GET /api/needs/{id}` — a published need: its text, audiences, the neighbourhood and the point
 *   coarsened to about 100 m (the exact point, the address and would_help never leave the server);
 * - `POST /api/supports` — a support of a published need or proposal (one per e-mail address and
 *   item; for a call's submission within the call's supports window, and with `lives_in_area`
 *   when the call counts residents only) → 202 and a mail with the confirmation and withdraw links;
 * - `POST /api/supports/withdraw {token}` — the withdraw link: the support no longer counts.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { AUDIENCE_CODES } from '../../data/town-format.ts';
import { clockOf } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { guardSubmission } from '../participation/abuse.ts';
import { coarsen, locate } from '../participation/places.ts';
import { issueToken, readToken, TOKEN_RE, useToken } from '../participation/tokens.ts';
import { createMailer, type Mailer, type OutgoingMail } from '../subscriptions/mailer.ts';
import { MAIL_LANGUAGES } from '../subscriptions/texts.ts';
import {
  AnswersSchema,
  type AnswerValue,
  checkAnswers,
  type SurveyQuestion,
  safeText,
} from '../surveys/schemas.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { RESIDENT_ACTOR } from './confirm.ts';
import { needConfirmationMail, supportConfirmationMail } from './mails.ts';
import { publicNeed, supportCount, supportTarget, todayIn, tsOf } from './queries.ts';

/** how long a confirmation link of a need or a support works */
export const CONFIRM_DAYS = 7;

export const PARTICIPATION_MAIL_OFF =
  'E-mail is off on this server (SMTP_URL is not set): submissions cannot be confirmed, so none are taken';

const email = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));
const language = z.enum(MAIL_LANGUAGES, { message: `language must be one of ${MAIL_LANGUAGES.join(', ')}` });
const honeypot = z.string().max(2000, 'website must be at most 2000 characters').optional();
const uuid = (name: string) =>
  z
    .string({ message: `${name} must be an id (UUID)` })
    .regex(
      /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      `${name} must be an id (UUID)`,
    );

const NeedBody = z
  .object({
    text: safeText('text', 2000).pipe(
      z.string().min(3, 'text must say what is missing (at least 3 characters)'),
    ),
    language: language.optional(),
    audiences: z
      .array(z.enum(AUDIENCE_CODES, { message: `audiences must be among ${AUDIENCE_CODES.join(', ')}` }))
      .max(AUDIENCE_CODES.length, 'audiences: each audience once')
      .default([]),
    location: z
      .object(
        {
          lon: z
            .number({ message: 'location.lon must be a number' })
            .min(-180, 'location.lon must be -180 to 180')
            .max(180, 'location.lon must be -180 to 180'),
          lat: z
            .number({ message: 'location.lat must be a number' })
            .min(-85, 'location.lat must be -85 to 85')
            .max(85, 'location.lat must be -85 to 85'),
        },
        { message: 'location must be {lon, lat}: where it is missing' },
      )
      .strict(),
    campaign_id: uuid('campaign_id').optional(),
    answers: AnswersSchema.optional(),
    would_help: z.boolean({ message: 'would_help must be true or false' }).optional(),
    email,
    website: honeypot,
  })
  .strict()
  .openapi('NeedRequest');

const SupportBody = z
  .object({
    target_type: z.enum(['proposal', 'need'], { message: 'target_type must be proposal or need' }),
    target_id: uuid('target_id'),
    email,
    language: language.optional(),
    lives_in_area: z.boolean({ message: 'lives_in_area must be true or false' }).optional(),
    website: honeypot,
  })
  .strict()
  .openapi('SupportRequest');

const TokenBody = z
  .object({
    token: z
      .string({ message: 'token must be the token of a withdraw link' })
      .max(200, 'token must be the token of a withdraw link'),
  })
  .strict()
  .openapi('SupportWithdrawRequest');

const Unconfirmed = z.object({ status: z.literal('unconfirmed') }).openapi('ParticipationAccepted');

const NeedView = z
  .object({
    id: z.string(),
    text: z.string(),
    language: z.string(),
    audiences: z.array(z.string()),
    lon: z.number(),
    lat: z.number(),
    area: z.object({ id: z.string(), name: z.string() }).nullable(),
    supports: z.number(),
    published_at: z.string().nullable(),
  })
  .openapi('PublicNeed');

const Withdrawn = z
  .object({
    target_type: z.enum(['proposal', 'need']),
    target_id: z.string(),
    status: z.literal('withdrawn'),
    supports: z.number(),
  })
  .openapi('SupportWithdrawn');

const publicErrors = {
  ...errorResponses,
  403: {
    description: 'Blocked by the moderators (blocked)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  429: {
    description: 'Too many submissions from this e-mail address',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  503: {
    description: 'Mail is off on this server (mail_disabled)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

export function needsRoutes(deps: AppDeps) {
  const app = createRouter();
  const mailer = createMailer(deps.config);
  const now = clockOf(deps);
  const requireMail = (): Mailer => {
    if (!mailer) throw new ApiError(503, 'mail_disabled', PARTICIPATION_MAIL_OFF);
    return mailer;
  };
  const send = (m: Mailer, mail: OutgoingMail, what: string, id: string) => {
    m.send(mail).catch((err: unknown) => {
      deps.log.warn(`${what} mail not sent`, { id, error: (err as Error).message });
    });
  };
  const languageOf = (tenant: Tenant, lang: string | undefined) => {
    const l = lang ?? tenant.defaultLocale;
    if (!tenant.locales.includes(l))
      throw badRequest(`language: ${l} is not a language of this town (${tenant.locales.join(', ')})`);
    return l;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/needs',
      summary: 'Pin a need on the map, or answer a survey campaign (confirmed by e-mail, then moderated)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: NeedBody } } },
      },
      responses: {
        202: {
          description: 'Stored unconfirmed; a confirmation mail is on its way',
          content: { 'application/json': { schema: Unconfirmed } },
        },
        ...publicErrors,
      },
    }),
    async (c) => {
      const m = requireMail();
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const lang = languageOf(tenant, body.language);
      const guard = await guardSubmission(c, deps, {
        tenantId: tenant.id,
        email: body.email,
        honeypot: body.website,
      });
      if (guard.drop) return c.json({ status: 'unconfirmed' as const }, 202);
      if (body.answers && !body.campaign_id)
        throw badRequest('answers: answers belong to a survey: give its campaign_id');
      const { lon, lat } = body.location;
      const pub = coarsen(lon, lat);
      const id = randomUUID();
      const at = new Date(now());
      const today = todayIn(tenant.timezone, now());
      const result = await deps.db.transaction().execute(async (trx) => {
        let survey: string | null = null;
        let answers: Record<string, AnswerValue> = {};
        if (body.campaign_id) {
          const camp = await sql<{
            title: Record<string, string>;
            questions: SurveyQuestion[];
            opens_on: string;
            closes_on: string;
            covers: boolean;
          }>`
            SELECT title, questions, opens_on::text AS opens_on, closes_on::text AS closes_on,
              (cardinality(area_ids) = 0 OR EXISTS (
                SELECT 1 FROM area a WHERE a.tenant_id = ${tenant.id} AND a.id = ANY(survey_campaign.area_ids)
                  AND ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)))) AS covers
            FROM survey_campaign
            WHERE tenant_id = ${tenant.id} AND id = ${body.campaign_id}::uuid AND archived_at IS NULL`.execute(
            trx,
          );
          const cp = camp.rows[0];
          if (!cp) throw notFound(`campaign_id: no survey campaign ${body.campaign_id} in this town`);
          if (today < cp.opens_on || today > cp.closes_on)
            throw badRequest(
              `campaign_id: the survey is open from ${cp.opens_on} to ${cp.closes_on}, not today (${today})`,
            );
          if (!cp.covers) throw badRequest('location: the survey is not open for this part of town');
          answers = checkAnswers(cp.questions, body.answers ?? {});
          survey = pickText(cp.title, lang, tenant.defaultLocale).text;
        }
        const where = await locate(trx, tenant.id, { lon, lat });
        if (!where?.areaId) {
          const hasAreas = await trx
            .selectFrom('area')
            .select('id')
            .where('tenant_id', '=', tenant.id)
            .where('kind', '=', 'neighbourhood')
            .limit(1)
            .executeTakeFirst();
          if (hasAreas && !where?.zoneIds.length)
            throw badRequest('location: the point is outside the neighbourhoods of this town');
        }
        await trx
          .insertInto('need')
          .values({
            id,
            tenant_id: tenant.id,
            status: 'unconfirmed',
            text: body.text,
            language: lang,
            audiences: [...new Set(body.audiences)],
            geom: sql<string>`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)` as unknown as string,
            public_geom:
              sql<string>`ST_SetSRID(ST_MakePoint(${pub.lon}, ${pub.lat}), 4326)` as unknown as string,
            area_id: where?.areaId ?? null,
            zone_ids: where?.zoneIds ?? [],
            campaign_id: body.campaign_id ?? null,
            answers: JSON.stringify(answers),
            would_help: body.would_help ?? null,
            email: body.email,
            email_hash: guard.emailHash,
            client_hash: guard.clientHash,
            created_at: tsOf(at),
            updated_at: tsOf(at),
          })
          .execute();
        const token = await issueToken(trx, {
          tenantId: tenant.id,
          purpose: 'confirm',
          targetType: 'need',
          targetId: id,
          days: CONFIRM_DAYS,
        });
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: RESIDENT_ACTOR,
          action: 'need.submit',
          entity: { type: 'need', id },
          previous: null,
          next: {
            status: 'unconfirmed',
            language: lang,
            audiences: body.audiences,
            area_id: where?.areaId ?? null,
            campaign_id: body.campaign_id ?? null,
            answers: Object.keys(answers),
            email_domain: guard.emailDomain,
          },
          summary: body.campaign_id
            ? 'A resident answered a survey (unconfirmed)'
            : 'A resident pinned a need (unconfirmed)',
          at,
        });
        return { token, survey };
      });
      const base = await tenantLinkBase(deps.db, deps.config, tenant);
      send(
        m,
        needConfirmationMail({
          to: body.email,
          lang,
          tenantName: pickText(tenant.name, lang, tenant.defaultLocale).text,
          survey: result.survey,
          base,
          token: result.token,
        }),
        'need confirmation',
        id,
      );
      return c.json({ status: 'unconfirmed' as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/needs/{id}',
      summary: 'A published need: its text, audiences, neighbourhood, coarsened point and supports',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ lang: langParam, tenant: tenantParam }),
      },
      responses: {
        200: { description: 'The need', content: { 'application/json': { schema: NeedView } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const need = await publicNeed(
        deps.db,
        tenant.id,
        c.req.valid('param').id,
        q.lang ?? tenant.defaultLocale,
      );
      if (!need) throw notFound('No published need has this id');
      c.header('cache-control', 'public, max-age=60');
      return c.json(need, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/supports',
      summary: 'Support a published need or proposal: once per e-mail address (confirmed by e-mail)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: SupportBody } } },
      },
      responses: {
        202: {
          description: 'Stored unconfirmed; a confirmation mail is on its way',
          content: { 'application/json': { schema: Unconfirmed } },
        },
        ...publicErrors,
        409: {
          description: 'This address supports it already (already_supported)',
          content: { 'application/json': { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      const m = requireMail();
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const lang = languageOf(tenant, body.language);
      const guard = await guardSubmission(c, deps, {
        tenantId: tenant.id,
        email: body.email,
        honeypot: body.website,
      });
      if (guard.drop) return c.json({ status: 'unconfirmed' as const }, 202);
      const at = new Date(now());
      const result = await deps.db.transaction().execute(async (trx) => {
        const target = await supportTarget(
          trx,
          tenant.id,
          body.target_type,
          body.target_id,
          lang,
          tenant.defaultLocale,
        );
        if (!target)
          throw notFound(`target_id: no published ${body.target_type} ${body.target_id} in this town`);
        if (target.call) {
          const w = target.call;
          if (
            w.status === 'draft' ||
            w.status === 'archived' ||
            at < w.supports_open ||
            at >= w.supports_close
          )
            throw new ApiError(
              400,
              'supports_closed',
              `target_id: the call takes supports from ${w.supports_open.toISOString()} to ${w.supports_close.toISOString()}, not now`,
            );
          if (w.residents_only && body.lives_in_area !== true)
            throw badRequest(
              'lives_in_area: this call counts only supports of people who live in its area: confirm that you do (lives_in_area: true)',
            );
        }
        const existing = await trx
          .selectFrom('support')
          .select(['id', 'status'])
          .where('tenant_id', '=', tenant.id)
          .where('target_type', '=', body.target_type)
          .where('target_id', '=', body.target_id)
          .where('email_hash', '=', guard.emailHash)
          .forUpdate()
          .executeTakeFirst();
        if (existing && existing.status !== 'withdrawn')
          throw new ApiError(
            409,
            'already_supported',
            `This e-mail address supports this ${body.target_type} already`,
          );
        const id = existing?.id ?? randomUUID();
        const row = {
          email: body.email,
          language: lang,
          lives_in_area: body.lives_in_area ?? null,
          status: 'unconfirmed' as const,
          client_hash: guard.clientHash,
          created_at: tsOf(at),
          confirmed_at: null,
          withdrawn_at: null,
        };
        if (existing)
          await trx
            .updateTable('support')
            .set(row)
            .where('id', '=', id)
            .where('tenant_id', '=', tenant.id)
            .execute();
        else
          await trx
            .insertInto('support')
            .values({
              id,
              tenant_id: tenant.id,
              target_type: body.target_type,
              target_id: body.target_id,
              email_hash: guard.emailHash,
              ...row,
            })
            .execute();
        const token = await issueToken(trx, {
          tenantId: tenant.id,
          purpose: 'confirm',
          targetType: 'support',
          targetId: id,
          days: CONFIRM_DAYS,
        });
        const withdrawToken = await issueToken(trx, {
          tenantId: tenant.id,
          purpose: 'withdraw',
          targetType: 'support',
          targetId: id,
          days: null,
        });
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: RESIDENT_ACTOR,
          action: 'support.submit',
          entity: { type: 'support', id },
          previous: existing ? { status: 'withdrawn' } : null,
          next: {
            status: 'unconfirmed',
            target_type: body.target_type,
            target_id: body.target_id,
            lives_in_area: body.lives_in_area ?? null,
            email_domain: guard.emailDomain,
          },
          summary: `A resident supports ${body.target_type} ${body.target_id} (unconfirmed)`,
          at,
        });
        return { id, token, withdrawToken, name: target.name };
      });
      const base = await tenantLinkBase(deps.db, deps.config, tenant);
      send(
        m,
        supportConfirmationMail({
          to: body.email,
          lang,
          tenantName: pickText(tenant.name, lang, tenant.defaultLocale).text,
          item: result.name,
          base,
          token: result.token,
          withdrawToken: result.withdrawToken,
        }),
        'support confirmation',
        result.id,
      );
      return c.json({ status: 'unconfirmed' as const }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/supports/withdraw',
      summary: 'Withdraw a support with the link of its mail: it no longer counts',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: TokenBody } } },
      },
      responses: {
        200: {
          description: 'Withdrawn (or withdrawn already)',
          content: { 'application/json': { schema: Withdrawn } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const token = c.req.valid('json').token;
      const unknown = () =>
        new ApiError(
          404,
          'unknown_token',
          'This withdraw link is unknown: the support may have been deleted',
        );
      if (!TOKEN_RE.test(token)) throw unknown();
      const target = await readToken(deps.db, tenant.id, 'withdraw', token);
      if (target?.targetType !== 'support') throw unknown();
      const at = new Date(now());
      const row = await deps.db.transaction().execute(async (trx) => {
        const s = await trx
          .selectFrom('support')
          .select(['id', 'status', 'target_type', 'target_id'])
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', target.targetId)
          .forUpdate()
          .executeTakeFirst();
        if (!s) throw unknown();
        await useToken(trx, token);
        if (s.status !== 'withdrawn') {
          await trx
            .updateTable('support')
            .set({ status: 'withdrawn', withdrawn_at: at, email: null })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', s.id)
            .execute();
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: RESIDENT_ACTOR,
            action: 'support.withdraw',
            entity: { type: 'support', id: s.id },
            previous: { status: s.status, target_type: s.target_type, target_id: s.target_id },
            next: { status: 'withdrawn', target_type: s.target_type, target_id: s.target_id },
            summary: `A resident withdrew a support of ${s.target_type} ${s.target_id}`,
            at,
          });
        }
        return s;
      });
      return c.json(
        {
          target_type: row.target_type,
          target_id: row.target_id,
          status: 'withdrawn' as const,
          supports: await supportCount(deps.db, tenant.id, row.target_type, row.target_id),
        },
        200,
      );
    },
  );
  return app;
}
