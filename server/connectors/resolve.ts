/**
 * Moderators close what a block connector flagged once they have dealt with it:
 * POST /api/admin/connectors/reviews/{id}/resolve (moderators, admins of the tenant) marks the
 * review handled (`resolved_at`, `resolved_by`), once: a second time is 409 `already_resolved`.
 * Audited as `connector_review.resolve` on the item the review is about. The list
 * (GET /api/admin/connectors/reviews, `state=open|resolved`) then shows it as handled.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, auditActorOf } from '../accounts/authorize.ts';
import { conflict } from '../admin/guard.ts';
import { recordAudit } from '../audit/record.ts';
import type { AppDeps } from '../http/deps.ts';
import { notFound } from '../http/errors.ts';
import { createRouter, ErrorSchema, errorResponses } from '../http/openapi.ts';
import { tenantParam, uuidPathParam } from '../http/params.ts';

const error = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

const Resolved = z
  .object({ id: z.string(), resolved_at: z.string(), resolved_by: z.string().nullable() })
  .openapi('ConnectorReviewResolved');

export function connectorResolveRoutes(deps: AppDeps) {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/admin/connectors/reviews/{id}/resolve',
      summary: "Mark a block connector's confirmation or flag as handled (moderator, admin)",
      request: {
        params: z.object({ id: uuidPathParam('id') }),
        query: z.object({ tenant: tenantParam }),
      },
      responses: {
        200: { description: 'Handled', content: { 'application/json': { schema: Resolved } } },
        ...errorResponses,
        401: error('Not signed in'),
        403: error('Not a moderator or admin of the tenant'),
        409: error('Handled already'),
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      const actor = await requireRole(c, deps, tenant, ['moderator', 'admin']);
      const id = c.req.valid('param').id.toLowerCase();
      const done = await deps.db.transaction().execute(async (trx) => {
        const review = await trx
          .selectFrom('connector_review')
          .select(['target_type', 'target_id', 'verdict', 'note', 'resolved_at'])
          .where('id', '=', id)
          .where('tenant_id', '=', actor.tenantId)
          .forUpdate()
          .executeTakeFirst();
        if (!review) throw notFound(`No block connector's review ${id} in this town`);
        if (review.resolved_at)
          throw conflict('This review was marked handled already', { resolved_at: review.resolved_at });
        const row = await trx
          .updateTable('connector_review')
          .set({ resolved_at: new Date().toISOString(), resolved_by: actor.accountId ?? null })
          .where('id', '=', id)
          .where('tenant_id', '=', actor.tenantId)
          .returning(['resolved_at', 'resolved_by'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          tenantId: actor.tenantId,
          actor: auditActorOf(actor),
          action: 'connector_review.resolve',
          entity: { type: review.target_type, id: review.target_id },
          previous: { review_id: id, resolved_at: null },
          next: { review_id: id, resolved_at: row.resolved_at },
          summary: `Block connector's ${review.verdict === 'flag' ? 'flag' : 'confirmation'} marked handled${review.note ? ` — ${review.note}` : ''}`,
        });
        return row;
      });
      c.header('cache-control', 'no-store');
      return c.json(
        {
          id,
          resolved_at: new Date(done.resolved_at as unknown as string).toISOString(),
          resolved_by: done.resolved_by,
        },
        200,
      );
    },
  );

  return app;
}
