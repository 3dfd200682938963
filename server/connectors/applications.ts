/**
 * Applications to be a block connector (docs/PARTICIPATION.md, "Block connectors"):
 *
 * - POST /api/connectors/applications — public: {name, email, language, message?, area:
 *   {block_ids[]} | {geometry}, website (honeypot)} → 202 and a confirmation mail;
 * - the confirmation handler 'connector_application' (server/participation/confirm.ts): unconfirmed →
 *   pending;
 * - GET /api/admin/connectors/applications — admins: the applications with their area;
 * - POST /api/admin/connectors/applications/{id} {action: approve|decline, reason?} — approve makes
 *   (or reuses) the account, adds a membership block_connector whose area is the application's
 *   shape, and mails a sign-in link; decline records the reason and tells the applicant.
 *
 * Every step is audited in its own transaction (residents as {kind:'system', label:'resident'};
 * never the e-mail address in previous/next, only its domain).
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { clockOf } from '../accounts/authenticate.ts';
import { type Actor, auditActorOf, requireRole } from '../accounts/authorize.ts';
import { createSignInLink, signInLinkUrl } from '../accounts/links.ts';
import { ensureAccount } from '../accounts/queries.ts';
import { inTenant } from '../accounts/scope.ts';
import { conflict } from '../admin/guard.ts';
import { type AuditActor, recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, textParam, uuidPathParam } from '../http/params.ts';
import type { ConfirmHandler } from '../participation/confirm.ts';
import { emailDomain, emailHash } from '../participation/identity.ts';
import { issueToken } from '../participation/tokens.ts';
import { createMailer, MAIL_OFF_MESSAGE, type Mailer } from '../subscriptions/mailer.ts';
import { MAIL_LANGUAGES } from '../subscriptions/texts.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import type { Tenant } from '../tenants/queries.ts';
import { inviteMail } from '../users/mails.ts';
import { guardApplication } from './guard.ts';
import { applicationConfirmMail, applicationDeclinedMail, mailLanguageOf } from './mails.ts';

/** the largest area one may draw (m²) */
export const MAX_DRAWN_AREA_M2 = 2_000_000;
/** the most blocks one application may choose */
export const MAX_BLOCKS = 20;
/** how far outside the town's neighbourhoods a drawn area may reach (slivers along the edge), m */
const TOWN_TOLERANCE_M = 50;
/** the kinds of area one may choose as blocks */
const BLOCK_KINDS = ['neighbourhood', 'population_unit'] as const;
const CONFIRM_DAYS = 7;

export const RESIDENT: AuditActor = { kind: 'system', label: 'resident' };

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const email = z
  .string({ message: 'email must be an e-mail address' })
  .trim()
  .max(254, 'email must be at most 254 characters')
  .pipe(z.email({ message: 'email must be an e-mail address such as name@example.org' }));
const position = z
  .array(z.number({ message: 'a position is [longitude, latitude] in degrees' }), {
    message: 'a position is [longitude, latitude] in degrees',
  })
  .length(2, 'a position is [longitude, latitude] in degrees')
  .refine(
    ([lon, lat]) => Math.abs(lon ?? 999) <= 180 && Math.abs(lat ?? 999) <= 90,
    'longitude must be within ±180 and latitude within ±90',
  );
const ring = z
  .array(position, { message: 'a ring is a list of positions' })
  .min(4, 'a ring needs at least 4 positions (the first repeated at the end)')
  .max(1000, 'a ring may have at most 1000 positions')
  .refine((r) => {
    const a = r[0];
    const b = r[r.length - 1];
    return !!a && !!b && a[0] === b[0] && a[1] === b[1];
  }, 'a ring must end where it starts');
const polygon = z.array(ring).min(1, 'a polygon needs an outer ring').max(20, 'at most 20 rings');
const Geometry = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: polygon }).strict(),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1).max(20) }).strict(),
  ],
  { message: 'geometry must be a GeoJSON Polygon or MultiPolygon' },
);
const AreaInput = z.union(
  [
    z
      .object({
        block_ids: z
          .array(z.string().regex(UUID, 'block_ids must be ids of areas'))
          .min(1, 'block_ids: choose at least one block')
          .max(MAX_BLOCKS, `block_ids: at most ${MAX_BLOCKS} blocks`),
      })
      .strict(),
    z.object({ geometry: Geometry }).strict(),
  ],
  { message: 'area must be {block_ids: [area ids]} or {geometry: a GeoJSON Polygon or MultiPolygon}' },
);

export const ApplicationBody = z
  .object({
    name: textParam('name', 100).pipe(z.string().trim().min(1, 'name: say how people may call you')),
    email,
    language: z
      .enum(MAIL_LANGUAGES, { message: `language must be one of ${MAIL_LANGUAGES.join(', ')}` })
      .optional(),
    message: textParam('message', 2000).optional(),
    area: AreaInput,
    website: z.string().max(500, 'website must be at most 500 characters').optional(),
  })
  .strict()
  .openapi('ConnectorApplicationRequest');

const Unconfirmed = z.object({ status: z.literal('unconfirmed') }).openapi('SubmissionAccepted');

const STATUSES = ['unconfirmed', 'pending', 'approved', 'declined'] as const;
const ApplicationView = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    language: z.string(),
    message: z.string().nullable(),
    status: z.enum(STATUSES),
    blocks: z.array(z.object({ id: z.string(), name: z.string() })),
    geometry: z.unknown(),
    area_m2: z.number(),
    decline_reason: z.string().nullable(),
    membership_id: z.string().nullable(),
    created_at: z.string(),
    confirmed_at: z.string().nullable(),
    decided_at: z.string().nullable(),
  })
  .openapi('ConnectorApplication');
type ApplicationViewT = z.infer<typeof ApplicationView>;

const Decision = z
  .object({
    action: z.enum(['approve', 'decline'], { message: 'action must be approve or decline' }),
    reason: textParam('reason', 1000).optional(),
  })
  .strict()
  .openapi('ConnectorApplicationDecision');

const DecisionAnswer = z
  .object({
    application: ApplicationView,
    account_created: z.boolean(),
    mail: z.object({ sent: z.boolean(), reason: z.enum(['mail_off', 'mail_failed']).nullable() }),
    /** approve: the sign-in link, only when no mail carried it */
    link: z.object({ url: z.string(), expires_at: z.string() }).nullable(),
  })
  .openapi('ConnectorApplicationDecided');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const adminErrors = {
  ...errorResponses,
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not an admin of the tenant'),
  409: json(ErrorSchema, 'Decided already (`not_pending`), or the account is disabled'),
} as const;

/** the shape of the chosen area: validated and made one MultiPolygon (400 naming the problem) */
async function areaShape(
  deps: AppDeps,
  tenant: Tenant,
  area: z.infer<typeof AreaInput>,
): Promise<{ geojson: string; blockIds: string[] }> {
  if ('block_ids' in area) {
    const ids = [...new Set(area.block_ids.map((i) => i.toLowerCase()))];
    const found = await deps.db
      .selectFrom('area')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .where('kind', 'in', BLOCK_KINDS)
      .where('id', 'in', ids)
      .execute();
    const missing = ids.filter((i) => !found.some((f) => f.id === i));
    if (missing.length)
      throw badRequest(
        `area.block_ids: no neighbourhood or population unit ${missing.join(', ')} in this town`,
        [{ parameter: 'area.block_ids', message: 'unknown blocks', ids: missing }],
      );
    const { rows } = await sql<{ g: string }>`
      SELECT ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Union(geom), 3))) AS g FROM area
      WHERE tenant_id = ${tenant.id} AND id = ANY(${ids}::uuid[])`.execute(deps.db);
    const g = rows[0]?.g;
    if (!g) throw badRequest('area.block_ids: the blocks have no shape');
    return { geojson: g, blockIds: ids };
  }
  const text = JSON.stringify(area.geometry);
  const { rows } = await sql<{
    valid: boolean;
    reason: string;
    m2: number;
    inside: boolean | null;
    g: string;
  }>`
    WITH drawn AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${text}), 4326) AS g),
         town AS (SELECT ST_Union(geom) AS t FROM area WHERE tenant_id = ${tenant.id} AND kind = 'neighbourhood')
    SELECT ST_IsValid(d.g) AS valid, ST_IsValidReason(d.g) AS reason,
           CASE WHEN ST_IsValid(d.g) THEN ST_Area(d.g::geography) ELSE 0 END AS m2,
           CASE WHEN ST_IsValid(d.g) AND town.t IS NOT NULL
                THEN ST_CoveredBy(d.g, ST_Buffer(town.t::geography, ${TOWN_TOLERANCE_M})::geometry) END AS inside,
           ST_AsGeoJSON(ST_Multi(d.g)) AS g
    FROM drawn d, town`.execute(deps.db);
  const r = rows[0];
  if (!r) throw badRequest('area.geometry: not a shape');
  if (!r.valid)
    throw badRequest(`area.geometry: not a valid polygon (${r.reason})`, [
      { parameter: 'area.geometry', message: r.reason },
    ]);
  if (Number(r.m2) > MAX_DRAWN_AREA_M2)
    throw badRequest(
      `area.geometry: the area drawn is ${(Number(r.m2) / 1e6).toFixed(2)} km²; a block connector's area may be at most ${MAX_DRAWN_AREA_M2 / 1e6} km²`,
      [{ parameter: 'area.geometry', message: 'too large', area_m2: Math.round(Number(r.m2)) }],
    );
  if (Number(r.m2) <= 0) throw badRequest('area.geometry: the area drawn is empty');
  if (r.inside !== true)
    throw badRequest('area.geometry: the area must lie inside the town (within its neighbourhoods)', [
      { parameter: 'area.geometry', message: 'outside the town' },
    ]);
  return { geojson: r.g, blockIds: [] };
}

/**
 * The confirmation handler of server/participation/confirm.ts for 'connector_application':
 * unconfirmed → pending (audited); a second confirmation changes nothing. Answers the status, or
 * null when there is no such application in the tenant.
 */
export const confirmConnectorApplication: ConfirmHandler = async (trx, tenantId, id) => {
  const row = await trx
    .selectFrom('connector_application')
    .select(['status', 'email'])
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  if (row.status !== 'unconfirmed') return { status: row.status };
  await trx
    .updateTable('connector_application')
    .set({ status: 'pending', confirmed_at: new Date() })
    .where('id', '=', id)
    .where('tenant_id', '=', tenantId)
    .execute();
  await recordAudit(trx, {
    tenantId,
    actor: RESIDENT,
    action: 'connector_application.confirm',
    entity: { type: 'connector_application', id },
    previous: { status: 'unconfirmed' },
    next: { status: 'pending', email_domain: emailDomain(row.email) },
    summary: 'A block connector application was confirmed by e-mail: waiting for an admin',
  });
  return { status: 'pending' };
};

async function listApplications(
  db: AppDeps['db'],
  scope: Pick<Actor, 'tenantId'>,
  filter: { status?: (typeof STATUSES)[number]; id?: string },
): Promise<ApplicationViewT[]> {
  let q = db
    .selectFrom('connector_application as ca')
    .select([
      'ca.id',
      'ca.name',
      'ca.email',
      'ca.language',
      'ca.message',
      'ca.status',
      'ca.block_ids',
      'ca.decline_reason',
      'ca.membership_id',
      'ca.created_at',
      'ca.confirmed_at',
      'ca.decided_at',
      sql<string>`ST_AsGeoJSON(ca.geom, 6)`.as('geojson'),
      sql<number>`ST_Area(ca.geom::geography)`.as('m2'),
      sql<{ id: string; name: string }[]>`COALESCE((
        SELECT json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.name)
        FROM area a WHERE a.tenant_id = ca.tenant_id AND a.id = ANY(ca.block_ids)), '[]'::json)`.as('blocks'),
    ])
    .where(inTenant(scope, 'ca'))
    .orderBy(sql`COALESCE(ca.confirmed_at, ca.created_at)`)
    .limit(500);
  if (filter.status) q = q.where('ca.status', '=', filter.status);
  if (filter.id) q = q.where('ca.id', '=', filter.id);
  const rows = await q.execute();
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    language: r.language,
    message: r.message,
    status: r.status,
    blocks: typeof r.blocks === 'string' ? JSON.parse(r.blocks) : r.blocks,
    geometry: JSON.parse(r.geojson) as unknown,
    area_m2: Math.round(Number(r.m2)),
    decline_reason: r.decline_reason,
    membership_id: r.membership_id,
    created_at: iso(r.created_at as unknown as Date) as string,
    confirmed_at: iso(r.confirmed_at),
    decided_at: iso(r.decided_at),
  }));
}

const tenantName = (tenant: Tenant, language: string) =>
  tenant.name[language] ?? tenant.name[tenant.defaultLocale] ?? tenant.slug;

export function connectorApplicationRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  let mailer: Mailer | null | undefined;
  const mail = () => {
    if (mailer === undefined) mailer = createMailer(deps.config);
    return mailer;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/connectors/applications',
      summary:
        'Apply to be a block connector of an area (chosen blocks or drawn, at most 2 km²); confirmed by e-mail',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: ApplicationBody } } },
      },
      responses: {
        202: json(Unconfirmed, 'Received: a confirmation mail is on its way'),
        ...errorResponses,
        403: json(ErrorSchema, 'The sender is blocked (`blocked`)'),
        429: json(ErrorSchema, 'Too many submissions from this e-mail address (`rate_limited`)'),
        503: json(ErrorSchema, 'Mail is off on this server (`mail_disabled`)'),
      },
    }),
    async (c) => {
      const mailer = mail();
      if (!mailer)
        throw new ApiError(503, 'mail_disabled', MAIL_OFF_MESSAGE.replace('subscriptions', 'applications'));
      const body = c.req.valid('json');
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      if (body.language && !tenant.locales.includes(body.language))
        throw badRequest(
          `language: ${tenant.slug} is in ${tenant.locales.join(', ')}; not ${body.language}`,
          [{ parameter: 'language', message: 'not a language of the town' }],
        );
      const language = body.language ?? mailLanguageOf(null, tenant.defaultLocale);
      const guard = await guardApplication(c, deps, {
        tenantId: tenant.id,
        email: body.email,
        honeypot: body.website,
      });
      if (guard.drop) return c.json({ status: 'unconfirmed' as const }, 202);
      const shape = await areaShape(deps, tenant, body.area);
      const id = randomUUID();
      const token = await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('connector_application')
          .values({
            id,
            tenant_id: tenant.id,
            email: body.email,
            email_hash: emailHash(tenant.id, body.email),
            name: body.name,
            language,
            message: body.message?.trim() || null,
            block_ids: shape.blockIds,
            geom: sql<string>`ST_SetSRID(ST_GeomFromGeoJSON(${shape.geojson}), 4326)` as unknown as string,
            client_hash: guard.clientHash,
            confirmed_at: null,
            decided_at: null,
            decided_by: null,
            decline_reason: null,
            membership_id: null,
          })
          .execute();
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: RESIDENT,
          action: 'connector_application.submit',
          entity: { type: 'connector_application', id },
          previous: null,
          next: {
            status: 'unconfirmed',
            email_domain: emailDomain(body.email),
            language,
            block_ids: shape.blockIds,
            drawn: shape.blockIds.length === 0,
          },
          summary: 'A resident applied to be a block connector',
        });
        return issueToken(trx, {
          tenantId: tenant.id,
          purpose: 'confirm',
          targetType: 'connector_application',
          targetId: id,
          days: CONFIRM_DAYS,
        });
      });
      const base = await tenantLinkBase(deps.db, deps.config, tenant, c);
      const lang = mailLanguageOf(language, tenant.defaultLocale);
      // the answer does not wait for the mail server
      mailer
        .send(
          applicationConfirmMail({
            to: body.email,
            language: lang,
            tenantName: tenantName(tenant, lang),
            name: body.name,
            url: `${base}/participate/confirm?token=${token}`,
          }),
        )
        .catch((err: unknown) =>
          deps.log.warn('a block connector confirmation mail could not be sent', {
            error: (err as Error).message,
          }),
        );
      return c.json({ status: 'unconfirmed' as const }, 202);
    },
  );

  const admin = async (c: Context, slug: string | undefined) => {
    const tenant = await deps.tenants.resolve(slug);
    return { tenant, actor: await requireRole(c, deps, tenant, ['admin']) };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/connectors/applications',
      summary: 'Applications to be a block connector, with their areas (admin)',
      request: {
        query: z.object({
          tenant: tenantParam,
          status: z
            .enum([...STATUSES, 'all'], { message: `status must be one of ${STATUSES.join(', ')}, all` })
            .optional(),
        }),
      },
      responses: {
        200: json(z.object({ items: z.array(ApplicationView) }), 'Applications, longest waiting first'),
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { actor } = await admin(c, q.tenant);
      const status = q.status === 'all' ? undefined : (q.status ?? 'pending');
      c.header('cache-control', 'no-store');
      return c.json({ items: await listApplications(deps.db, actor, status ? { status } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/connectors/applications/{id}',
      summary:
        'Approve (account + block connector role for the area + a sign-in link by mail) or decline an application (admin)',
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: Decision } } },
      },
      responses: { 200: json(DecisionAnswer, 'Decided'), ...adminErrors },
    }),
    async (c) => {
      const { tenant, actor } = await admin(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const b = c.req.valid('json');
      const at = new Date(now());
      const hours = deps.config.INVITE_LINK_HOURS;
      const done = await deps.db.transaction().execute(async (trx) => {
        const app = await trx
          .selectFrom('connector_application')
          .select(['id', 'status', 'email', 'name', 'language'])
          .where('id', '=', id)
          .where(inTenant(actor))
          .forUpdate()
          .executeTakeFirst();
        if (!app) throw notFound(`No block connector application ${id} in this tenant`);
        if (app.status !== 'pending')
          throw new ApiError(
            409,
            'not_pending',
            app.status === 'unconfirmed'
              ? 'This application is not confirmed by its e-mail yet'
              : `This application was ${app.status} already`,
            { status: app.status },
          );
        if (b.action === 'decline') {
          await trx
            .updateTable('connector_application')
            .set({
              status: 'declined',
              decline_reason: b.reason ?? null,
              decided_at: at,
              decided_by: actor.accountId,
            })
            .where('id', '=', id)
            .where(inTenant(actor))
            .execute();
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'connector_application.decline',
            entity: { type: 'connector_application', id },
            previous: { status: 'pending' },
            next: { status: 'declined', reason: b.reason ?? null },
            summary: `Block connector application declined${b.reason ? ` — ${b.reason}` : ''}`,
            at,
          });
          return { app, created: false, link: null };
        }
        const { account, created } = await ensureAccount(trx, app.email, at);
        if (account.disabled_at)
          throw conflict(`The account ${account.email} is disabled; enable it on the users page first`, {
            field: 'email',
          });
        if (created)
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'account.create',
            entity: { type: 'account', id: account.id },
            next: { email: account.email },
            summary: `Account ${account.email} created (block connector application approved)`,
            at,
          });
        const membershipId = randomUUID();
        await sql`
          INSERT INTO membership (id, account_id, tenant_id, role, organisation_id, area_id, area_geom, created_at)
          SELECT ${membershipId}::uuid, ${account.id}::uuid, ca.tenant_id, 'block_connector', NULL,
                 CASE WHEN cardinality(ca.block_ids) = 1 THEN ca.block_ids[1] END, ca.geom, ${at}
          FROM connector_application ca WHERE ca.id = ${id}::uuid AND ca.tenant_id = ${tenant.id}`.execute(
          trx,
        );
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'membership.add',
          entity: { type: 'membership', id: membershipId },
          next: {
            account_id: account.id,
            email: account.email,
            role: 'block_connector',
            area: 'drawn',
            application_id: id,
          },
          summary: `${account.email} is block_connector (approved application) in ${tenant.slug}`,
          at,
        });
        await trx
          .updateTable('connector_application')
          .set({
            status: 'approved',
            membership_id: membershipId,
            decided_at: at,
            decided_by: actor.accountId,
          })
          .where('id', '=', id)
          .where(inTenant(actor))
          .execute();
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'connector_application.approve',
          entity: { type: 'connector_application', id },
          previous: { status: 'pending' },
          next: { status: 'approved', membership_id: membershipId },
          summary: 'Block connector application approved',
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
          next: { expires_at: link.expiresAt.toISOString(), via: 'connector_application' },
          summary: `A sign-in link for the new block connector ${account.email}`,
          at,
        });
        return { app, created, link };
      });

      const lang = mailLanguageOf(done.app.language, tenant.defaultLocale);
      const mailer = mail();
      let reason: 'mail_off' | 'mail_failed' | null = mailer ? null : 'mail_off';
      const url = done.link
        ? signInLinkUrl(await tenantLinkBase(deps.db, deps.config, tenant, c), done.link.token)
        : null;
      if (mailer) {
        try {
          await mailer.send(
            url
              ? inviteMail({
                  to: done.app.email,
                  language: lang,
                  tenantName: tenantName(tenant, lang),
                  by: tenantName(tenant, lang),
                  role: 'block_connector',
                  organisation: null,
                  url,
                  hours,
                })
              : applicationDeclinedMail({
                  to: done.app.email,
                  language: lang,
                  tenantName: tenantName(tenant, lang),
                  name: done.app.name,
                  reason: b.reason ?? null,
                }),
          );
        } catch (err) {
          reason = 'mail_failed';
          deps.log.error('the block connector decision mail could not be sent', {
            error: (err as Error).message,
          });
        }
      }
      const [application] = await listApplications(deps.db, actor, { id });
      if (!application) throw notFound(`No block connector application ${id} in this tenant`);
      return c.json(
        {
          application,
          account_created: done.created,
          mail: { sent: reason === null, reason },
          link:
            url && done.link && reason !== null
              ? { url, expires_at: done.link.expiresAt.toISOString() }
              : null,
        },
        200,
      );
    },
  );

  return app;
}
