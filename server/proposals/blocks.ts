/**
 * Moderators' blocks (moderators and admins of the tenant): GET/POST /api/admin/moderation/blocks,
 * DELETE /api/admin/moderation/blocks/{id}. A block is {kind: 'address', value: an IP, a CIDR
 * range or client:<hash>} or {kind: 'email_domain', value: example.org (and its subdomains)};
 * `{kind, from: {type, id}}` blocks the client (client:<hash>) or the e-mail domain of a
 * submission without anyone seeing its address. The public forms answer a blocked sender 403
 * (server/participation/abuse.ts). Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { auditActorOf, requireRole } from '../accounts/authorize.ts';
import { inTenant } from '../accounts/scope.ts';
import { recordAudit } from '../audit/record.ts';
import { text } from '../content/validation.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError, badRequest, notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema } from '../http/openapi.ts';
import { tenantParam, uuidPathParam } from '../http/params.ts';
import { addressBlockProblem, CLIENT_PREFIX } from '../participation/abuse.ts';
import { moderationErrors } from './moderation.ts';

const FROM_TYPES = ['proposal', 'need', 'support', 'connector_application'] as const;
const KINDS = ['address', 'email_domain'] as const;
const DOMAIN_RE =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const BlockSchema = z
  .object({
    id: z.string(),
    kind: z.enum(KINDS),
    value: z.string(),
    reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('ModerationBlock');

const BlockBody = z
  .object({
    kind: z.enum(KINDS, { error: `kind must be one of ${KINDS.join(', ')}` }),
    value: z.string().max(300, 'value must be at most 300 characters').optional(),
    from: z
      .object({
        type: z.enum(FROM_TYPES, { error: `from.type must be one of ${FROM_TYPES.join(', ')}` }),
        id: z
          .string()
          .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'from.id must be a UUID'),
      })
      .strict()
      .optional(),
    reason: text(500).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if ((b.value === undefined) === (b.from === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'give either value or from (a submission), not both',
      });
  })
  .openapi('ModerationBlockRequest');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export function blockRoutes(deps: AppDeps) {
  const app = createRouter();
  const moderator = async (c: Context, slug: string | undefined) => {
    const tenant = await deps.tenants.resolve(slug);
    const actor = await requireRole(c, deps, tenant, ['admin', 'moderator']);
    c.header('cache-control', 'no-store');
    return { tenant, actor };
  };
  const rowOf = (r: {
    id: string;
    kind: 'address' | 'email_domain';
    value: string;
    reason: string | null;
    created_at: unknown;
  }) => ({
    id: r.id,
    kind: r.kind,
    value: r.value,
    reason: r.reason,
    created_at: new Date(r.created_at as string).toISOString(),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/admin/moderation/blocks',
      summary: "The tenant's blocked addresses and e-mail domains (admin, moderator)",
      request: { query: z.object({ tenant: tenantParam }) },
      responses: {
        200: json(z.object({ items: z.array(BlockSchema) }), 'The blocks, newest first'),
        ...moderationErrors,
      },
    }),
    async (c) => {
      const { actor } = await moderator(c, c.req.valid('query').tenant);
      const rows = await deps.db
        .selectFrom('moderation_block')
        .select(['id', 'kind', 'value', 'reason', 'created_at'])
        .where(inTenant(actor))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(1000)
        .execute();
      return c.json({ items: rows.map(rowOf) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/moderation/blocks',
      summary:
        'Blocks an address (IP, CIDR range, client:<hash>) or an e-mail domain, given or taken from a submission (admin, moderator)',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: BlockBody } } },
      },
      responses: {
        201: json(BlockSchema, 'Blocked'),
        ...moderationErrors,
        409: json(ErrorSchema, 'already_blocked'),
      },
    }),
    async (c) => {
      const { tenant, actor } = await moderator(c, c.req.valid('query').tenant);
      const b = c.req.valid('json');
      let value: string;
      if (b.from) {
        const table = sql.table(b.from.type);
        const { rows } = await sql<{ email: string | null; client_hash: string | null }>`
          SELECT ${
            b.from.type === 'support'
              ? sql`NULL::text`
              : b.from.type === 'connector_application'
                ? sql`x.email`
                : // a cleared address (retention) leaves its domain
                  sql`COALESCE(x.email, '@' || x.email_domain)`
          } AS email, x.client_hash
          FROM ${table} x WHERE x.id = ${b.from.id}::uuid AND ${inTenant(actor, 'x')}`.execute(deps.db);
        const src = rows[0];
        if (!src) throw notFound(`No ${b.from.type} ${b.from.id} in this tenant`);
        if (b.kind === 'address') {
          if (!src.client_hash) throw badRequest(`from: this ${b.from.type} has no client address kept`);
          value = `${CLIENT_PREFIX}${src.client_hash}`;
        } else {
          if (!src.email) throw badRequest(`from: this ${b.from.type} has no e-mail address kept`);
          value = src.email.slice(src.email.lastIndexOf('@') + 1).toLowerCase();
        }
      } else {
        value = (b.value ?? '').trim().toLowerCase();
        const problem =
          b.kind === 'address'
            ? addressBlockProblem(value)
            : DOMAIN_RE.test(value)
              ? null
              : 'value must be an e-mail domain such as example.org';
        if (problem)
          throw badRequest(problem.startsWith('value') ? problem : `value: ${problem}`, [
            { parameter: 'value', message: problem },
          ]);
      }
      const id = randomUUID();
      const created = await deps.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('moderation_block')
          .values({
            id,
            tenant_id: tenant.id,
            kind: b.kind,
            value,
            reason: b.reason ?? null,
            created_by: actor.accountId,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'value']).doNothing())
          .returning(['id', 'kind', 'value', 'reason', 'created_at'])
          .executeTakeFirst();
        if (!inserted)
          throw new ApiError(
            409,
            'already_blocked',
            `${b.kind === 'address' ? 'This address' : 'This e-mail domain'} is blocked already`,
          );
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'moderation_block.create',
          entity: { type: 'moderation_block', id },
          previous: null,
          next: { kind: b.kind, value, reason: b.reason ?? null, ...(b.from ? { from: b.from } : {}) },
          summary: `Blocked ${b.kind === 'address' ? 'an address' : `the e-mail domain ${value}`}${b.reason ? ` — ${b.reason}` : ''}`,
        });
        return inserted;
      });
      return c.json(rowOf(created), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/admin/moderation/blocks/{id}',
      summary: 'Lifts a block (admin, moderator)',
      request: { params: z.object({ id: uuidPathParam('id') }), query: z.object({ tenant: tenantParam }) },
      responses: { 204: { description: 'Lifted' }, ...moderationErrors },
    }),
    async (c) => {
      const { tenant, actor } = await moderator(c, c.req.valid('query').tenant);
      const id = c.req.valid('param').id.toLowerCase();
      await deps.db.transaction().execute(async (trx) => {
        const gone = await trx
          .deleteFrom('moderation_block')
          .where('id', '=', id)
          .where(inTenant(actor))
          .returning(['kind', 'value', 'reason'])
          .executeTakeFirst();
        if (!gone) throw notFound(`No block ${id} in this tenant`);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: auditActorOf(actor),
          action: 'moderation_block.delete',
          entity: { type: 'moderation_block', id },
          previous: { kind: gone.kind, value: gone.value, reason: gone.reason },
          next: null,
          summary: 'Lifted a block',
        });
      });
      return c.body(null, 204);
    },
  );
  return app;
}
