/**
 * Funding calls — an equal-opportunities micro-budget (docs/PARTICIPATION.md, "Calls"):
 *
 * - admin: `GET/POST /api/admin/calls`, `GET/PUT /api/admin/calls/{id}`,
 *   `POST /api/admin/calls/{id}/open|close`, `GET /api/admin/calls/{id}/result` (the live
 *   ranking and the greedy fit within the budget), `POST /api/admin/calls/{id}/fund`;
 * - public: `GET /api/calls` (open and decided calls) and `GET /api/calls/{id}` (the rules, the
 *   budget and windows, its published submissions with cost and supports, and the ranking once
 *   supports are closed).
 *
 * Residents submit with `POST /api/proposals` {call_id, cost} and support with `POST
 * /api/supports` (the proposals and needs parts). Every change is audited in its transaction.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { LOCALES } from '../../data/town-format.ts';
import { type Actor, auditActorOf, requireRole } from '../accounts/authorize.ts';
import { clockOf } from '../accounts/authenticate.ts';
import { adminOnly, conflict } from '../admin/guard.ts';
import { recordAudit } from '../audit/record.ts';
import { text } from '../content/validation.ts';
import type { DB, LocalizedText } from '../db/schema.ts';
import type { Kysely, Transaction } from 'kysely';

type Executor = Kysely<DB> | Transaction<DB>;
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, uuidPathParam } from '../http/params.ts';
import { pickText, type Tenant } from '../tenants/queries.ts';
import { fundProposals } from './fund.ts';
import { amount, currency, fromCents, toCents } from './money.ts';
import {
  areaNames,
  type CallRow,
  findCall,
  greedyFit,
  listCalls,
  rankedSubmissions,
  type Submission,
  ts,
  unknownAreas,
} from './queries.ts';

const localized = (name: string, max: number) =>
  z
    .partialRecord(z.enum(LOCALES), text(max), {
      error: `${name} must be an object of texts by language (${LOCALES.join(', ')})`,
    })
    .transform((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v)) as LocalizedText);

const instant = (name: string) =>
  z
    .string({ message: `${name} must be an ISO date-time such as 2026-05-01T08:00:00Z` })
    .max(40, `${name} must be an ISO date-time`)
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)),
      `${name} must be an ISO date-time with a time zone, such as 2026-05-01T08:00:00Z`,
    )
    .refine((v) => /(Z|[+-]\d{2}:?\d{2})$/.test(v), `${name} must name its time zone (Z or +02:00)`)
    .refine((v) => {
      const y = new Date(v).getUTCFullYear();
      return y >= 2000 && y <= 2100;
    }, `${name} must be between the years 2000 and 2100`)
    .transform((v) => new Date(v).toISOString());

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID')
  .transform((v) => v.toLowerCase());

const CallFields = {
  title: localized('title', 300).refine(
    (o) => Object.keys(o).length > 0,
    'give a title in at least one language',
  ),
  description: localized('description', 10_000),
  rules: localized('rules', 10_000),
  budget: amount('budget'),
  currency,
  max_amount: amount('max_amount').nullable(),
  area_ids: z
    .array(uuid, { message: 'area_ids must be a list of area ids' })
    .max(200)
    .transform((a) => [...new Set(a)]),
  submissions_open: instant('submissions_open'),
  submissions_close: instant('submissions_close'),
  supports_open: instant('supports_open'),
  supports_close: instant('supports_close'),
  residents_only: z.boolean({ message: 'residents_only must be true or false' }),
};

const CallInput = z
  .object({
    ...CallFields,
    description: CallFields.description.default({}),
    rules: CallFields.rules.default({}),
    max_amount: CallFields.max_amount.default(null),
    area_ids: CallFields.area_ids.default([]),
    residents_only: CallFields.residents_only.default(false),
  })
  .strict()
  .openapi('FundingCallInput');
type CallInput = z.output<typeof CallInput>;

const CallChange = z
  .object(CallFields)
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'give at least one field to change')
  .openapi('FundingCallChange');

const FundInput = z
  .object({
    proposal_ids: z
      .array(uuid, { message: 'proposal_ids must be a list of proposal ids' })
      .max(1000, 'at most 1000 proposals')
      .refine((a) => new Set(a).size === a.length, 'proposal_ids must not repeat an id'),
  })
  .strict()
  .openapi('FundingCallFund');

const AreaRef = z.object({ id: z.string(), name: z.string(), kind: z.string() });
const Windows = {
  submissions_open: z.string(),
  submissions_close: z.string(),
  supports_open: z.string(),
  supports_close: z.string(),
};
const PHASES = ['draft', 'upcoming', 'submissions', 'supports', 'counting', 'decided', 'archived'] as const;
type Phase = (typeof PHASES)[number];

const AdminCall = z
  .object({
    id: z.string(),
    title: z.record(z.string(), z.string()),
    description: z.record(z.string(), z.string()),
    rules: z.record(z.string(), z.string()),
    budget: z.number(),
    currency: z.string(),
    max_amount: z.number().nullable(),
    area_ids: z.array(z.string()),
    areas: z.array(AreaRef),
    ...Windows,
    residents_only: z.boolean(),
    status: z.enum(['draft', 'open', 'decided', 'archived']),
    phase: z.enum(PHASES),
    decided_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    submissions: z.number(),
  })
  .openapi('FundingCallAdmin');

const RankedItem = z.object({
  proposal_id: z.string(),
  rank: z.number(),
  title: z.string(),
  cost: z.number(),
  supports: z.number(),
  submitted_at: z.string().nullable(),
  selected: z.boolean().openapi({ description: 'taken by the greedy fit within the budget' }),
  funded: z.boolean(),
});
const Result = z
  .object({
    call_id: z.string(),
    budget: z.number(),
    currency: z.string(),
    supports_closed: z.boolean(),
    items: z.array(RankedItem),
    selected: z.array(z.string()),
    selected_total: z.number(),
    remaining: z.number(),
    funded_total: z.number(),
  })
  .openapi('FundingCallResult');

const PublicSubmission = z.object({
  id: z.string(),
  title: z.string(),
  title_lang: z.string(),
  description: z.string().nullable(),
  cost: z.number(),
  cost_note: z.string().nullable(),
  area_name: z.string().nullable(),
  supports: z.number(),
  submitted_at: z.string().nullable(),
  funded: z.boolean(),
  opportunity_id: z.string().nullable(),
});
const PublicCallSummary = z.object({
  id: z.string(),
  title: z.string(),
  title_lang: z.string(),
  budget: z.number(),
  currency: z.string(),
  max_amount: z.number().nullable(),
  ...Windows,
  residents_only: z.boolean(),
  status: z.enum(['open', 'decided']),
  phase: z.enum(PHASES),
  areas: z.array(AreaRef),
});
const PublicCall = PublicCallSummary.extend({
  description: z.string().nullable(),
  rules: z.string().nullable(),
  submissions: z.array(PublicSubmission),
  ranking: z
    .object({
      items: z.array(RankedItem),
      selected_total: z.number(),
      remaining: z.number(),
    })
    .nullable()
    .openapi({ description: 'the ranked list within the budget, once supports are closed' }),
}).openapi('FundingCall');

const adminErrors = {
  ...errorResponses,
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: {
    description: 'Not an admin of the tenant',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  409: {
    description: 'The call is not in a state that allows it',
    content: { 'application/json': { schema: ErrorSchema } },
  },
} as const;

function phaseOf(c: CallRow, now: number): Phase {
  if (c.status === 'draft' || c.status === 'archived' || c.status === 'decided') return c.status;
  const t = (v: string) => Date.parse(v);
  if (now < t(c.submissions_open) && now < t(c.supports_open)) return 'upcoming';
  if (now < t(c.submissions_close)) return 'submissions';
  if (now < t(c.supports_close)) return 'supports';
  return 'counting';
}

/** 400 naming the first problem of a call's windows, amounts or areas */
async function checkCall(
  db: Executor,
  tenantId: number,
  c: Omit<CallInput, 'title' | 'description' | 'rules'>,
) {
  if (Date.parse(c.submissions_close) <= Date.parse(c.submissions_open))
    throw badRequest('submissions_close must be after submissions_open', [
      { parameter: 'submissions_close', message: 'not after submissions_open' },
    ]);
  if (Date.parse(c.supports_close) <= Date.parse(c.supports_open))
    throw badRequest('supports_close must be after supports_open', [
      { parameter: 'supports_close', message: 'not after supports_open' },
    ]);
  if (Date.parse(c.supports_close) < Date.parse(c.submissions_open))
    throw badRequest('supports_close must not be before submissions_open', [
      { parameter: 'supports_close', message: 'before submissions_open' },
    ]);
  if (c.max_amount !== null && toCents(c.max_amount) > toCents(c.budget))
    throw badRequest('max_amount must not be above the budget', [
      { parameter: 'max_amount', message: 'above the budget' },
    ]);
  const unknown = await unknownAreas(db, tenantId, c.area_ids);
  if (unknown.length)
    throw badRequest(`area_ids: no area ${unknown.join(', ')} in this tenant`, [
      { parameter: 'area_ids', message: 'unknown area' },
    ]);
}

const callOf = (c: CallRow) => ({
  ...c,
  budget: fromCents(toCents(c.budget)),
  max_amount: c.max_amount === null ? null : fromCents(toCents(c.max_amount)),
});

/** the result of a call: the ranked published submissions and the greedy fit within the budget */
function resultOf(call: CallRow, ranked: Submission[], lang: string, fallback: string, now: number) {
  const fit = greedyFit(ranked, Number(call.budget));
  const taken = new Set(fit.selected);
  return {
    call_id: call.id,
    budget: fromCents(toCents(call.budget)),
    currency: call.currency,
    supports_closed: now >= Date.parse(call.supports_close),
    items: ranked.map((s, i) => ({
      proposal_id: s.id,
      rank: i + 1,
      title: pickText(s.title, lang, s.language || fallback).text,
      cost: s.cost,
      supports: s.supports,
      submitted_at: s.submitted_at,
      selected: taken.has(s.id),
      funded: s.funded,
    })),
    selected: fit.selected,
    selected_total: fromCents(fit.selectedCents),
    remaining: fromCents(fit.remainingCents),
    funded_total: fromCents(
      ranked.reduce((n, s) => n + (s.funded_amount === null ? 0 : toCents(s.funded_amount)), 0),
    ),
  };
}

const auditRecord = (c: CallRow) => ({ ...c }) as Record<string, unknown>;

export function callRoutes(deps: AppDeps) {
  const app = createRouter();
  const now = clockOf(deps);
  app.use('/admin/calls', ...adminOnly(deps));
  app.use('/admin/calls/*', ...adminOnly(deps));

  const adminContext = async (
    c: Context,
    slug: string | undefined,
  ): Promise<{ tenant: Tenant; actor: Actor }> => {
    const tenant = await deps.tenants.resolve(slug);
    const actor = await requireRole(c, deps, tenant, ['admin']);
    c.header('cache-control', 'no-store');
    return { tenant, actor };
  };

  const adminView = async (tenant: Tenant, call: CallRow, lang: string) => {
    const count = await deps.db
      .selectFrom('proposal')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('tenant_id', '=', tenant.id)
      .where('call_id', '=', call.id)
      .where('status', '=', 'published')
      .executeTakeFirst();
    return {
      ...callOf(call),
      areas: await areaNames(deps.db, tenant.id, call.area_ids, lang),
      phase: phaseOf(call, now()),
      submissions: Number(count?.n ?? 0),
    };
  };

  const idParams = z.object({ id: uuidPathParam('id') });
  const tenantQuery = z.object({ tenant: tenantParam, lang: langParam });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/calls',
      summary: "The tenant's funding calls, every status (admin)",
      request: { query: tenantQuery },
      responses: {
        200: {
          description: 'Calls, newest first',
          content: { 'application/json': { schema: z.object({ items: z.array(AdminCall) }) } },
        },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant } = await adminContext(c, q.tenant);
      const lang = q.lang ?? tenant.defaultLocale;
      const rows = await listCalls(deps.db, tenant.id);
      const items = [];
      for (const r of rows) items.push(await adminView(tenant, r, lang));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/calls',
      summary: 'Create a funding call, as a draft (admin)',
      request: {
        query: tenantQuery,
        body: { required: true, content: { 'application/json': { schema: CallInput } } },
      },
      responses: {
        201: {
          description: 'Created (status draft)',
          content: { 'application/json': { schema: AdminCall } },
        },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await adminContext(c, q.tenant);
      const body = c.req.valid('json');
      await checkCall(deps.db, tenant.id, body);
      const id = crypto.randomUUID();
      const at = new Date(now());
      const created = await deps.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('funding_call')
          .values({
            id,
            tenant_id: tenant.id,
            title: JSON.stringify(body.title),
            description: JSON.stringify(body.description),
            rules: JSON.stringify(body.rules),
            budget: body.budget,
            currency: body.currency,
            max_amount: body.max_amount,
            area_ids: body.area_ids,
            submissions_open: body.submissions_open,
            submissions_close: body.submissions_close,
            supports_open: body.supports_open,
            supports_close: body.supports_close,
            residents_only: body.residents_only,
            created_by: actor.accountId ?? null,
            created_at: ts(at),
            updated_at: ts(at),
          })
          .execute();
        const row = await findCall(trx, tenant.id, id);
        if (!row) throw new Error('the call just inserted is missing');
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'funding_call.create',
          entity: { type: 'funding_call', id },
          next: auditRecord(row),
          summary: `Funding call "${pickText(row.title, tenant.defaultLocale, tenant.defaultLocale).text}" created`,
          at,
        });
        return row;
      });
      return c.json(await adminView(tenant, created, q.lang ?? tenant.defaultLocale), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/calls/{id}',
      summary: 'One funding call (admin)',
      request: { params: idParams, query: tenantQuery },
      responses: {
        200: { description: 'The call', content: { 'application/json': { schema: AdminCall } } },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant } = await adminContext(c, q.tenant);
      const { id } = c.req.valid('param');
      const row = await findCall(deps.db, tenant.id, id.toLowerCase());
      if (!row) throw notFound(`No funding call ${id} in this tenant`);
      return c.json(await adminView(tenant, row, q.lang ?? tenant.defaultLocale), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/calls/{id}',
      summary: 'Change a funding call that is not decided yet (admin)',
      request: {
        params: idParams,
        query: tenantQuery,
        body: { required: true, content: { 'application/json': { schema: CallChange } } },
      },
      responses: {
        200: { description: 'Changed', content: { 'application/json': { schema: AdminCall } } },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await adminContext(c, q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const body = c.req.valid('json');
      const at = new Date(now());
      const after = await deps.db.transaction().execute(async (trx) => {
        const before = await findCall(trx, tenant.id, id);
        if (!before) throw notFound(`No funding call ${id} in this tenant`);
        await lockCall(trx, tenant.id, id);
        if (before.status === 'decided' || before.status === 'archived')
          throw conflict(`The call is ${before.status}: it can no longer be changed`);
        const merged = {
          budget: body.budget ?? Number(before.budget),
          currency: body.currency ?? before.currency,
          max_amount:
            body.max_amount !== undefined
              ? body.max_amount
              : before.max_amount === null
                ? null
                : Number(before.max_amount),
          area_ids: body.area_ids ?? before.area_ids,
          submissions_open: body.submissions_open ?? before.submissions_open,
          submissions_close: body.submissions_close ?? before.submissions_close,
          supports_open: body.supports_open ?? before.supports_open,
          supports_close: body.supports_close ?? before.supports_close,
          residents_only: body.residents_only ?? before.residents_only,
        };
        await checkCall(trx, tenant.id, merged);
        await trx
          .updateTable('funding_call')
          .set({
            ...(body.title ? { title: JSON.stringify(body.title) } : {}),
            ...(body.description ? { description: JSON.stringify(body.description) } : {}),
            ...(body.rules ? { rules: JSON.stringify(body.rules) } : {}),
            ...merged,
            updated_at: ts(at),
          })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', id)
          .execute();
        const row = await findCall(trx, tenant.id, id);
        if (!row) throw notFound(`No funding call ${id} in this tenant`);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'funding_call.update',
          entity: { type: 'funding_call', id },
          previous: auditRecord(before),
          next: auditRecord(row),
          summary: `Funding call "${pickText(row.title, tenant.defaultLocale, tenant.defaultLocale).text}" changed`,
          at,
        });
        return row;
      });
      return c.json(await adminView(tenant, after, q.lang ?? tenant.defaultLocale), 200);
    },
  );

  for (const step of ['open', 'close'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/admin/calls/{id}/${step}`,
        summary:
          step === 'open'
            ? 'Open a draft call: public, submissions and supports in its windows (admin)'
            : 'Close a call: withdrawn from the public pages (archived); funded initiatives stay on the map (admin)',
        request: { params: idParams, query: tenantQuery },
        responses: {
          200: { description: 'Done', content: { 'application/json': { schema: AdminCall } } },
          ...adminErrors,
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const { tenant, actor } = await adminContext(c, q.tenant);
        const id = c.req.valid('param').id.toLowerCase();
        const at = new Date(now());
        const after = await deps.db.transaction().execute(async (trx) => {
          await lockCall(trx, tenant.id, id);
          const before = await findCall(trx, tenant.id, id);
          if (!before) throw notFound(`No funding call ${id} in this tenant`);
          if (step === 'open' && before.status !== 'draft')
            throw conflict(`Only a draft call can be opened; this one is ${before.status}`);
          if (step === 'close' && before.status === 'archived') throw conflict('The call is closed already');
          await trx
            .updateTable('funding_call')
            .set({ status: step === 'open' ? 'open' : 'archived', updated_at: ts(at) })
            .where('tenant_id', '=', tenant.id)
            .where('id', '=', id)
            .execute();
          const row = await findCall(trx, tenant.id, id);
          if (!row) throw notFound(`No funding call ${id} in this tenant`);
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: `funding_call.${step}`,
            entity: { type: 'funding_call', id },
            previous: { status: before.status },
            next: { status: row.status },
            summary: `Funding call "${pickText(row.title, tenant.defaultLocale, tenant.defaultLocale).text}" ${step === 'open' ? 'opened' : 'closed'}`,
            at,
          });
          return row;
        });
        return c.json(await adminView(tenant, after, q.lang ?? tenant.defaultLocale), 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/calls/{id}/result',
      summary: 'The ranked submissions (live supports) and the greedy fit within the budget (admin)',
      request: { params: idParams, query: tenantQuery },
      responses: {
        200: { description: 'The ranking', content: { 'application/json': { schema: Result } } },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant } = await adminContext(c, q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const call = await findCall(deps.db, tenant.id, id);
      if (!call) throw notFound(`No funding call ${id} in this tenant`);
      const lang = q.lang ?? tenant.defaultLocale;
      const ranked = await rankedSubmissions(deps.db, tenant.id, id, lang);
      return c.json(resultOf(call, ranked, lang, tenant.defaultLocale, now()), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/calls/{id}/fund',
      summary:
        'Fund submissions of a call whose supports are closed: refuses a set over the budget; creates their opportunities on the map and decides the call (admin)',
      request: {
        params: idParams,
        query: tenantQuery,
        body: { required: true, content: { 'application/json': { schema: FundInput } } },
      },
      responses: {
        200: {
          description: 'Funded; the call is decided',
          content: { 'application/json': { schema: Result } },
        },
        ...adminErrors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { tenant, actor } = await adminContext(c, q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const { proposal_ids } = c.req.valid('json');
      const at = now();
      await deps.db.transaction().execute(async (trx) => {
        await lockCall(trx, tenant.id, id);
        const call = await findCall(trx, tenant.id, id);
        if (!call) throw notFound(`No funding call ${id} in this tenant`);
        if (call.status !== 'open')
          throw conflict(`Only an open call can be funded; this one is ${call.status}`);
        if (at < Date.parse(call.supports_close))
          throw conflict(`Supports are collected until ${call.supports_close}: fund after that`);
        const ranked = await rankedSubmissions(trx, tenant.id, id, tenant.defaultLocale);
        const byId = new Map(ranked.map((s) => [s.id, s]));
        const unknown = proposal_ids.filter((p) => !byId.has(p));
        if (unknown.length)
          throw badRequest(`proposal_ids: ${unknown.join(', ')} is not a published submission of this call`, [
            { parameter: 'proposal_ids', message: 'not a published submission of this call' },
          ]);
        const total = proposal_ids.reduce((n, p) => n + toCents(byId.get(p)?.cost ?? 0), 0);
        if (total > toCents(Number(call.budget)))
          throw badRequest(
            `proposal_ids: their costs add up to ${fromCents(total)} ${call.currency}, over the budget of ${fromCents(toCents(call.budget))} ${call.currency}`,
            [{ parameter: 'proposal_ids', message: 'over the budget' }],
          );
        await fundProposals(trx, {
          tenant,
          actor,
          call,
          proposals: proposal_ids.map((p) => byId.get(p) as Submission),
          now: at,
          horizonDays: deps.config.OCCURRENCE_HORIZON_DAYS,
        });
      });
      const call = await findCall(deps.db, tenant.id, id);
      if (!call) throw notFound(`No funding call ${id} in this tenant`);
      const lang = q.lang ?? tenant.defaultLocale;
      const ranked = await rankedSubmissions(deps.db, tenant.id, id, lang);
      return c.json(resultOf(call, ranked, lang, tenant.defaultLocale, now()), 200);
    },
  );

  // ---- public

  const publicSummary = async (tenant: Tenant, call: CallRow, lang: string) => {
    const title = pickText(call.title, lang, tenant.defaultLocale);
    return {
      id: call.id,
      title: title.text,
      title_lang: title.lang,
      budget: fromCents(toCents(call.budget)),
      currency: call.currency,
      max_amount: call.max_amount === null ? null : fromCents(toCents(call.max_amount)),
      submissions_open: call.submissions_open,
      submissions_close: call.submissions_close,
      supports_open: call.supports_open,
      supports_close: call.supports_close,
      residents_only: call.residents_only,
      status: call.status as 'open' | 'decided',
      phase: phaseOf(call, now()),
      areas: await areaNames(deps.db, tenant.id, call.area_ids, lang),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calls',
      summary: 'Funding calls that are open or decided',
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: {
          description: 'Calls, newest first',
          content: { 'application/json': { schema: z.object({ items: z.array(PublicCallSummary) }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const lang = q.lang ?? tenant.defaultLocale;
      const items = [];
      for (const r of await listCalls(deps.db, tenant.id, ['open', 'decided']))
        items.push(await publicSummary(tenant, r, lang));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/calls/{id}',
      summary:
        'A funding call: its rules, budget and windows, its submissions, and the ranking once supports are closed',
      request: { params: idParams, query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: { description: 'The call', content: { 'application/json': { schema: PublicCall } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const id = c.req.valid('param').id.toLowerCase();
      const call = await findCall(deps.db, tenant.id, id, ['open', 'decided']);
      if (!call) throw notFound(`No open or decided funding call ${id}`);
      const lang = q.lang ?? tenant.defaultLocale;
      const ranked = await rankedSubmissions(deps.db, tenant.id, id, lang);
      const t = now();
      const closed = call.status === 'decided' || t >= Date.parse(call.supports_close);
      const result = resultOf(call, ranked, lang, tenant.defaultLocale, t);
      const text = (o: LocalizedText) =>
        Object.keys(o).length ? pickText(o, lang, tenant.defaultLocale).text : null;
      return c.json(
        {
          ...(await publicSummary(tenant, call, lang)),
          description: text(call.description),
          rules: text(call.rules),
          // in the order of submission while supports are collected: no ranking shown before the end
          submissions: [...ranked]
            .sort(
              (a, b) =>
                (a.submitted_at ?? '').localeCompare(b.submitted_at ?? '') || a.id.localeCompare(b.id),
            )
            .map((s) => {
              const title = pickText(s.title, lang, s.language);
              return {
                id: s.id,
                title: title.text,
                title_lang: title.lang,
                description: text(s.description),
                cost: s.cost,
                cost_note: s.cost_note,
                area_name: s.area_name,
                supports: s.supports,
                submitted_at: s.submitted_at,
                funded: s.funded,
                opportunity_id: s.opportunity_id,
              };
            }),
          ranking: closed
            ? { items: result.items, selected_total: result.selected_total, remaining: result.remaining }
            : null,
        },
        200,
      );
    },
  );
  return app;
}

/** serialises changes of one call (two admins funding at once: the second sees the first's) */
async function lockCall(trx: Parameters<typeof findCall>[0], tenantId: number, id: string): Promise<void> {
  await trx
    .selectFrom('funding_call')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .execute();
}
