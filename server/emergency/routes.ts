/**
 * Emergency mode.
 *
 * - `GET /api/emergency?tenant=&lang=`: the public state — kiosks and the resident map poll it
 *   (cacheable for a few seconds, ETag).
 * - `GET/PUT /api/admin/emergency`: the switch (admins of the tenant): on/off with the message per
 *   language and the affected areas. A switch-on sends the subscribers of the affected areas one
 *   notice each (never twice for one switch-on); a switch-off sends those who got it an all-clear.
 * - `GET /api/admin/emergency/marks`, `GET/PUT/DELETE /api/admin/emergency/marks/{type}/{id}`:
 *   the places and opportunities marked for emergencies (shelter, distribution point, volunteer
 *   call, information point) with a note per language, prepared at any time.
 *
 * Every change is in the audit log with the previous and the new value. Nothing here writes to a
 * routine table (place, opportunity, area, subscription…): switching back restores everything.
 */
import { createHash } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authenticate } from '../accounts/authenticate.ts';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { recordAudit } from '../audit/record.ts';
import type { EmergencyRole, LocalizedText } from '../db/schema.ts';
import { jsonBodyLimit } from '../http/body-limit.ts';
import type { AppDeps } from '../http/deps.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { langParam, tenantParam, textProblem, uuidPathParam } from '../http/params.ts';
import { createMailer, type Mailer } from '../subscriptions/mailer.ts';
import { addToken } from '../subscriptions/queries.ts';
import { MAIL_LANGUAGES } from '../subscriptions/texts.ts';
import { tenantLinkBase } from '../tenants/links.ts';
import type { Tenant } from '../tenants/queries.ts';
import { noticeMail } from './notices.ts';
import {
  alerted,
  areasOf,
  claimNotices,
  deleteMark,
  type EmergencyState,
  listMarks,
  type Mark,
  type MarkType,
  markSent,
  readState,
  recipients,
  saveMark,
  targetExists,
  writeState,
} from './queries.ts';
import { EMERGENCY_ROLES } from './texts.ts';

/** how long a cache (a browser, a CDN) may keep the public state: kiosks poll every minute */
export const EMERGENCY_MAX_AGE_S = 15;
const MESSAGE_MAX = 2000;
const NOTE_MAX = 500;
const MAX_AREAS = 500;

const langKey = z.enum(MAIL_LANGUAGES, { message: `languages must be among ${MAIL_LANGUAGES.join(', ')}` });
const textIn = (name: string, max: number) =>
  z
    .string({ message: `${name} must be text` })
    .max(max, `${name} must be at most ${max} characters`)
    .superRefine((v, ctx) => {
      const p = textProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: `${name} ${p}` });
    });
const perLanguage = (name: string, max: number) =>
  z
    .record(z.string(), textIn(name, max), { message: `${name} must be an object of texts by language` })
    .superRefine((v, ctx) => {
      const foreign = Object.keys(v).filter((k) => !langKey.safeParse(k).success);
      if (foreign.length)
        ctx.addIssue({
          code: 'custom',
          message: `${name}: ${foreign.slice(0, 3).join(', ')} is not a language; languages must be among ${MAIL_LANGUAGES.join(', ')}`,
        });
    });

const uuid = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'areas must be area ids (UUIDs)',
  )
  .transform((v) => v.toLowerCase());

const SwitchInput = z
  .object({
    active: z.boolean({
      message: 'active is required: true to switch emergency mode on, false to switch it off',
    }),
    message: perLanguage('message', MESSAGE_MAX).optional(),
    areas: z
      .array(uuid, { message: 'areas must be a list of area ids' })
      .max(MAX_AREAS, `areas may list at most ${MAX_AREAS} areas`)
      .optional(),
  })
  .strict();

const MarkInput = z
  .object({
    role: z.enum(EMERGENCY_ROLES as [EmergencyRole, ...EmergencyRole[]], {
      message: `role must be one of ${EMERGENCY_ROLES.join(', ')}`,
    }),
    note: perLanguage('note', NOTE_MAX).optional(),
  })
  .strict();

const AreaOut = z.object({ id: z.string(), name: z.string(), kind: z.string() });
const MarkOut = z
  .object({
    id: z.string(),
    type: z.enum(['place', 'opportunity']),
    target_id: z.string(),
    item: z.string(),
    role: z.enum(EMERGENCY_ROLES as [EmergencyRole, ...EmergencyRole[]]),
    name: z.string(),
    names: z.record(z.string(), z.string()),
    address: z.string().nullable(),
    note: z.string().nullable(),
    notes: z.record(z.string(), z.string()),
    lon: z.number(),
    lat: z.number(),
  })
  .openapi('EmergencyMark');
const PublicState = z
  .object({
    tenant: z.string(),
    active: z.boolean(),
    message: z.string().nullable(),
    message_lang: z.string().nullable(),
    messages: z.record(z.string(), z.string()),
    languages: z.array(z.string()),
    since: z.string().nullable(),
    whole_town: z.boolean(),
    areas: z.array(AreaOut),
    places: z.array(MarkOut),
  })
  .openapi('EmergencyState');
const AdminState = z
  .object({
    active: z.boolean(),
    activation: z.number(),
    messages: z.record(z.string(), z.string()),
    languages: z.array(z.string()),
    missing_languages: z.array(z.string()),
    area_ids: z.array(z.string()),
    areas: z.array(AreaOut),
    whole_town: z.boolean(),
    started_at: z.string().nullable(),
    started_by: z.string().nullable(),
    ended_at: z.string().nullable(),
    ended_by: z.string().nullable(),
    updated_at: z.string().nullable(),
    marks: z.number(),
    notices: z.object({ queued: z.number(), mail: z.boolean() }).optional(),
  })
  .openapi('EmergencyAdminState');

const markType = z
  .enum(['place', 'opportunity'], { message: 'type must be place or opportunity' })
  .openapi({ param: { name: 'type', in: 'path' } });

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** the message without empty texts */
function cleanTexts(t: Partial<Record<string, string>> | undefined): LocalizedText {
  return Object.fromEntries(
    Object.entries(t ?? {})
      .map(([k, v]) => [k, (v ?? '').trim()] as const)
      .filter(([, v]) => v !== ''),
  );
}

/** what the audit log keeps of a state */
function stateAudit(s: EmergencyState): Record<string, unknown> {
  return {
    active: s.active,
    activation: s.activation,
    message: s.message,
    areas: s.area_ids,
    started_at: iso(s.started_at),
    started_by: s.started_by,
    ended_at: iso(s.ended_at),
    ended_by: s.ended_by,
  };
}

function markAudit(m: Mark | undefined): Record<string, unknown> | null {
  return m ? { type: m.type, target: m.target_id, name: m.name, role: m.role, note: m.notes } : null;
}

function checkLanguages(tenant: Tenant, name: string, texts: LocalizedText) {
  const foreign = Object.keys(texts).filter((l) => !tenant.locales.includes(l));
  if (foreign.length)
    throw badRequest(
      `${name}: ${foreign.join(', ')} is not a language of this town (${tenant.locales.join(', ')})`,
    );
}

async function adminState(deps: AppDeps, tenant: Tenant, lang: string) {
  const s = await readState(deps.db, tenant.id);
  const areas = await areasOf(deps.db, tenant, s.area_ids, lang);
  const marks = await deps.db
    .selectFrom('emergency_mark')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenant.id)
    .executeTakeFirstOrThrow();
  return {
    active: s.active,
    activation: s.activation,
    messages: s.message,
    languages: tenant.locales,
    missing_languages: tenant.locales.filter((l) => !s.message[l]),
    area_ids: s.area_ids,
    areas,
    whole_town: s.area_ids.length === 0,
    started_at: iso(s.started_at),
    started_by: s.started_by,
    ended_at: iso(s.ended_at),
    ended_by: s.ended_by,
    updated_at: iso(s.updated_at),
    marks: Number(marks.n),
  };
}

function etagged(c: Context, body: string, maxAge: number) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const headers = {
    etag,
    'cache-control': `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}`,
    vary: 'Accept-Encoding',
  };
  const inm = c.req.header('if-none-match');
  if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`))
    return c.body(null, 304, headers);
  return c.body(body, 200, { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/** the public state of a tenant in a language (used by the route and the Atom feed) */
export async function publicState(deps: Pick<AppDeps, 'db'>, tenant: Tenant, lang: string) {
  const s = await readState(deps.db, tenant.id);
  const pick = (l: string) => s.message[l] ?? s.message[tenant.defaultLocale] ?? Object.values(s.message)[0];
  const messageLang = s.message[lang]
    ? lang
    : s.message[tenant.defaultLocale]
      ? tenant.defaultLocale
      : (Object.keys(s.message)[0] ?? null);
  return {
    tenant: tenant.slug,
    active: s.active,
    message: s.active ? (pick(lang) ?? null) : null,
    message_lang: s.active ? messageLang : null,
    messages: s.active ? s.message : {},
    languages: tenant.locales,
    since: s.active ? iso(s.started_at) : null,
    whole_town: s.area_ids.length === 0,
    areas: s.active ? await areasOf(deps.db, tenant, s.area_ids, lang) : [],
    // prepared marks stay private until the switch is on
    places: s.active
      ? (await listMarks(deps.db, tenant, lang, undefined, { published: true })).map(
          ({ updated_at: _u, ...m }) => m,
        )
      : [],
  };
}

export function emergencyRoutes(deps: AppDeps) {
  const app = createRouter();
  let mailer: Mailer | null | undefined;
  const mail = () => {
    if (mailer === undefined) mailer = createMailer(deps.config);
    return mailer;
  };
  const now = () => new Date(deps.now ? deps.now() : Date.now());

  app.use('/admin/emergency', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });
  app.use('/admin/emergency/*', async (c, next) => {
    await authenticate(c, deps);
    await next();
  });
  app.use('/admin/emergency', jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES));
  app.use('/admin/emergency/*', jsonBodyLimit(deps.config.ADMIN_JSON_MAX_BODY_BYTES));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/emergency',
      summary: "The tenant's public emergency state: message, affected areas and the places marked for it",
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: { description: 'State', content: { 'application/json': { schema: PublicState } } },
        304: { description: 'Not modified (If-None-Match)' },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const body = await publicState(deps, tenant, q.lang ?? tenant.defaultLocale);
      return etagged(c, JSON.stringify(body), EMERGENCY_MAX_AGE_S) as never;
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/emergency',
      summary: 'The emergency switch as the back office sees it (admin)',
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: { description: 'State', content: { 'application/json': { schema: AdminState } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin']);
      c.header('cache-control', 'no-store');
      return c.json(await adminState(deps, tenant, q.lang ?? tenant.defaultLocale), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/emergency',
      summary: 'Switch emergency mode on or off, or change its message and areas (admin)',
      request: {
        query: z.object({ tenant: tenantParam, lang: langParam }),
        body: { content: { 'application/json': { schema: SwitchInput } }, required: true },
      },
      responses: {
        200: { description: 'The state as saved', content: { 'application/json': { schema: AdminState } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const input = c.req.valid('json');
      const message = input.message === undefined ? undefined : cleanTexts(input.message);
      if (message) checkLanguages(tenant, 'message', message);
      const areaIds = input.areas === undefined ? undefined : [...new Set(input.areas)];
      if (areaIds?.length) {
        const known = new Set(
          (await areasOf(deps.db, tenant, areaIds, tenant.defaultLocale)).map((a) => a.id),
        );
        const unknown = areaIds.filter((a) => !known.has(a));
        if (unknown.length) throw badRequest(`areas: no area ${unknown.join(', ')} in this town`);
      }
      const at = now();
      const mailer = mail();
      const outcome = await deps.db.transaction().execute(async (trx) => {
        // the tenant's row exists (rolled back with the rest on a refusal) and is locked, so
        // two switches at once are applied one after the other
        await trx
          .insertInto('emergency_state')
          .values({ tenant_id: tenant.id, message: '{}' })
          .onConflict((oc) => oc.column('tenant_id').doNothing())
          .execute();
        const before = await readState(trx, tenant.id, true);
        const nextMessage = message ?? before.message;
        const nextAreas = areaIds ?? before.area_ids;
        if (input.active && !Object.keys(nextMessage).length)
          throw badRequest(
            `message: switching emergency mode on needs a message in at least one language (${tenant.locales.join(', ')})`,
          );
        const switchOn = input.active && !before.active;
        const switchOff = !input.active && before.active;
        const label = actor.label ?? actor.kind;
        const next = {
          active: input.active,
          activation: switchOn ? before.activation + 1 : before.activation,
          message: nextMessage,
          area_ids: nextAreas,
          started_at: switchOn ? at : before.started_at,
          started_by: switchOn ? label : before.started_by,
          started_by_account: switchOn ? (actor.accountId ?? null) : before.started_by_account,
          ended_at: switchOff ? at : switchOn ? null : before.ended_at,
          ended_by: switchOff ? label : switchOn ? null : before.ended_by,
          ended_by_account: switchOff ? (actor.accountId ?? null) : switchOn ? null : before.ended_by_account,
        };
        await writeState(trx, tenant.id, next, at);
        const after = await readState(trx, tenant.id);
        const action = switchOn ? 'emergency.on' : switchOff ? 'emergency.off' : 'emergency.update';
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action,
          entity: { type: 'emergency', id: tenant.slug },
          previous: stateAudit(before),
          next: stateAudit(after),
          summary: switchOn
            ? 'Emergency mode switched on'
            : switchOff
              ? 'Emergency mode switched off'
              : `Emergency mode ${after.active ? 'changed while on' : 'prepared while off'}`,
        });
        // the notices to send once this commits: claimed here, so a repeated switch sends none
        const outgoing: {
          kind: 'alert' | 'all_clear';
          activation: number;
          to: { id: string; email: string; language: string; token: string }[];
        } = {
          kind: 'alert',
          activation: after.activation,
          to: [],
        };
        if (mailer && after.active) {
          const reach = await recipients(trx, deps.config, tenant.id, after.area_ids);
          const claimed = await claimNotices(
            trx,
            tenant.id,
            after.activation,
            'alert',
            reach.map((r) => r.id),
          );
          for (const r of reach)
            if (claimed.has(r.id)) outgoing.to.push({ ...r, token: await addToken(trx, r.id, 'manage') });
        } else if (mailer && switchOff) {
          outgoing.kind = 'all_clear';
          const reached = await alerted(trx, tenant.id, before.activation);
          const claimed = await claimNotices(
            trx,
            tenant.id,
            before.activation,
            'all_clear',
            reached.map((r) => r.id),
          );
          for (const r of reached)
            if (claimed.has(r.id)) outgoing.to.push({ ...r, token: await addToken(trx, r.id, 'manage') });
        }
        return { after, outgoing };
      });
      if (mailer && outcome.outgoing.to.length)
        void sendNotices(deps, mailer, tenant, outcome.after, outcome.outgoing);
      const body = await adminState(deps, tenant, q.lang ?? tenant.defaultLocale);
      return c.json({ ...body, notices: { queued: outcome.outgoing.to.length, mail: mailer !== null } }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/emergency/marks',
      summary: 'The places and opportunities marked for emergencies (admin)',
      request: { query: z.object({ tenant: tenantParam, lang: langParam }) },
      responses: {
        200: { description: 'Marks', content: { 'application/json': { schema: z.array(MarkOut) } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin']);
      c.header('cache-control', 'no-store');
      const marks = await listMarks(deps.db, tenant, q.lang ?? tenant.defaultLocale);
      return c.json(
        marks.map(({ updated_at: _u, ...m }) => m),
        200,
      );
    },
  );

  const markPath = {
    params: z.object({ type: markType, id: uuidPathParam('id').transform((v) => v.toLowerCase()) }),
    query: z.object({ tenant: tenantParam, lang: langParam }),
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/emergency/marks/{type}/{id}',
      summary: 'One mark (admin)',
      request: markPath,
      responses: {
        200: { description: 'Mark', content: { 'application/json': { schema: MarkOut } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { type, id } = c.req.valid('param');
      const tenant = await deps.tenants.resolve(q.tenant);
      await requireRole(c, deps, tenant, ['admin']);
      const [m] = await listMarks(deps.db, tenant, q.lang ?? tenant.defaultLocale, { type, id });
      if (!m) throw notFound(`No emergency mark on ${type} ${id}`);
      const { updated_at: _u, ...out } = m;
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/admin/emergency/marks/{type}/{id}',
      summary: 'Mark a place or an opportunity for emergencies, or change its mark (admin)',
      request: {
        ...markPath,
        body: { content: { 'application/json': { schema: MarkInput } }, required: true },
      },
      responses: {
        200: { description: 'The mark as saved', content: { 'application/json': { schema: MarkOut } } },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { type, id } = c.req.valid('param');
      const tenant = await deps.tenants.resolve(q.tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const input = c.req.valid('json');
      const note = cleanTexts(input.note);
      checkLanguages(tenant, 'note', note);
      const target = { type: type as MarkType, id };
      const lang = q.lang ?? tenant.defaultLocale;
      const saved = await deps.db.transaction().execute(async (trx) => {
        if (!(await targetExists(trx, tenant.id, type, id)))
          throw notFound(`No ${type} ${id} in this town: GET /api/search finds places and opportunities`);
        const [before] = await listMarks(trx, tenant, lang, target);
        await saveMark(trx, tenant.id, target, { role: input.role, note }, now());
        const [after] = await listMarks(trx, tenant, lang, target);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'emergency.mark.save',
          entity: { type: 'emergency_mark', id: `${type}:${id}` },
          previous: markAudit(before),
          next: markAudit(after),
          summary: `${after?.name ?? id} marked for emergencies as ${input.role}`,
        });
        return after;
      });
      if (!saved) throw notFound(`No ${type} ${id} in this town`);
      const { updated_at: _u, ...out } = saved;
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/emergency/marks/{type}/{id}',
      summary: 'Remove a mark (admin)',
      request: markPath,
      responses: {
        200: {
          description: 'Removed',
          content: { 'application/json': { schema: z.object({ deleted: z.boolean() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { type, id } = c.req.valid('param');
      const tenant = await deps.tenants.resolve(q.tenant);
      const actor = await requireRole(c, deps, tenant, ['admin']);
      const target = { type: type as MarkType, id };
      const deleted = await deps.db.transaction().execute(async (trx) => {
        const [before] = await listMarks(trx, tenant, q.lang ?? tenant.defaultLocale, target);
        const gone = await deleteMark(trx, tenant.id, target);
        if (gone)
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: auditActorOf(actor),
            action: 'emergency.mark.delete',
            entity: { type: 'emergency_mark', id: `${type}:${id}` },
            previous: markAudit(before),
            summary: `${before?.name ?? id}: emergency mark removed`,
          });
        return gone;
      });
      if (!deleted) throw notFound(`No emergency mark on ${type} ${id}`);
      return c.json({ deleted }, 200);
    },
  );

  return app;
}

/** sends the claimed notices one after the other (after the commit), marking each one sent */
async function sendNotices(
  deps: AppDeps,
  mailer: Mailer,
  tenant: Tenant,
  state: EmergencyState,
  outgoing: {
    kind: 'alert' | 'all_clear';
    activation: number;
    to: { id: string; email: string; language: string; token: string }[];
  },
): Promise<void> {
  const areaCache = new Map<string, Awaited<ReturnType<typeof areasOf>>>();
  const markCache = new Map<string, Mark[]>();
  try {
    // the tenant's own address (its host name, or PUBLIC_URL/t/<slug>), as every mail of it uses
    const base = await tenantLinkBase(deps.db, deps.config, tenant);
    for (const r of outgoing.to) {
      const lang = r.language;
      if (outgoing.kind === 'alert' && !areaCache.has(lang)) {
        areaCache.set(lang, await areasOf(deps.db, tenant, state.area_ids, lang));
        markCache.set(lang, await listMarks(deps.db, tenant, lang, undefined, { published: true }));
      }
      const m = noticeMail(outgoing.kind, { email: r.email, language: lang }, r.token, {
        tenant,
        base,
        message: state.message,
        areas: (l) => areaCache.get(l) ?? [],
        marks: (l) => markCache.get(l) ?? [],
      });
      try {
        await mailer.send(m);
        await markSent(deps.db, tenant.id, outgoing.activation, outgoing.kind, r.id, new Date());
      } catch (err) {
        deps.log.warn('emergency notice not sent', { subscription: r.id, error: (err as Error).message });
      }
    }
  } catch (err) {
    deps.log.warn('emergency notices stopped', { error: (err as Error).message });
  }
}
