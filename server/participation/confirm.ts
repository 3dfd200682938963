/**
 * POST /api/participation/confirm {token}: the one confirmation endpoint of every participation
 * mail (proposals, needs, supports, block connectors' applications). The web page
 * /participate/confirm?token=… posts the token here; the token (purpose 'confirm') names its
 * target, and the handler of that target type confirms it in one transaction with the token's use.
 *
 * - 200 `{target_type, target_id, status}`; a second click answers 200 with the same status
 *   (handlers are idempotent: an already confirmed row is left as it is and its status answered);
 * - 404 `unknown_token`: unknown, malformed, expired, of another tenant, or its row is gone.
 *
 * Each part registers its handler with ONE line in HANDLERS below.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Transaction } from 'kysely';
import type { DB, ParticipationTarget } from '../db/schema.ts';
import type { AppDeps } from '../http/deps.ts';
import { ApiError } from '../http/errors.ts';
import { createRouter, errorResponses } from '../http/openapi.ts';
import { tenantParam } from '../http/params.ts';
import { confirmConnectorApplication } from '../connectors/applications.ts';
import { confirmNeed, confirmSupport } from '../needs/confirm.ts';
import { confirmProposal } from '../proposals/confirm-handler.ts';
import { readToken, useToken } from './tokens.ts';

export interface ConfirmContext {
  deps: AppDeps;
  /** work to do once the transaction has committed (a mail); errors there are logged, not answered */
  after(fn: () => Promise<void> | void): void;
  /** true on the first use of the token (a second click: false) */
  firstUse: boolean;
}

/**
 * confirms the target `id` of the tenant if it is still unconfirmed (and records the audit entry),
 * and answers its status now; null when there is no such row (→ 404 unknown_token)
 */
export type ConfirmHandler = (
  trx: Transaction<DB>,
  tenantId: number,
  id: string,
  ctx: ConfirmContext,
) => Promise<{ status: string } | null>;

/** target_type → handler: one line per part (needs: 'need', 'support'; connectors: 'connector_application') */
export const HANDLERS: Partial<Record<ParticipationTarget, ConfirmHandler>> = {
  proposal: confirmProposal,
  connector_application: confirmConnectorApplication,
  need: confirmNeed,
  support: confirmSupport,
};

export const UNKNOWN_TOKEN_MESSAGE =
  'This confirmation link is unknown or has expired: submit the form again to get a new one';

const ConfirmBody = z
  .object({
    token: z
      .string({ message: 'token must be the token of a confirmation link' })
      .max(200, 'token must be the token of a confirmation link'),
  })
  .strict()
  .openapi('ParticipationConfirmRequest');
const Confirmed = z
  .object({
    target_type: z.enum(['proposal', 'need', 'support', 'connector_application']),
    target_id: z.string(),
    status: z.string(),
  })
  .openapi('ParticipationConfirmed');

export async function confirmToken(
  deps: AppDeps,
  tenantId: number,
  token: string,
): Promise<{ target_type: ParticipationTarget; target_id: string; status: string }> {
  const target = await readToken(deps.db, tenantId, 'confirm', token);
  const handler = target ? HANDLERS[target.targetType] : undefined;
  if (!target || !handler) throw new ApiError(404, 'unknown_token', UNKNOWN_TOKEN_MESSAGE);
  const later: (() => Promise<void> | void)[] = [];
  const result = await deps.db.transaction().execute(async (trx) => {
    const firstUse = await useToken(trx, token);
    return handler(trx, tenantId, target.targetId, { deps, firstUse, after: (fn) => later.push(fn) });
  });
  if (!result) throw new ApiError(404, 'unknown_token', UNKNOWN_TOKEN_MESSAGE);
  for (const fn of later) {
    try {
      await fn();
    } catch (err) {
      deps.log.warn('participation: after-confirmation work failed', {
        target_type: target.targetType,
        error: (err as Error).message,
      });
    }
  }
  return { target_type: target.targetType, target_id: target.targetId, status: result.status };
}

export function participationConfirmRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/participation/confirm',
      summary:
        'Confirms a proposal, a need, a support or a block connector application from the token of its confirmation mail',
      request: {
        query: z.object({ tenant: tenantParam }),
        body: { required: true, content: { 'application/json': { schema: ConfirmBody } } },
      },
      responses: {
        200: {
          description: 'Confirmed (or confirmed already): its status now',
          content: { 'application/json': { schema: Confirmed } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const tenant = await deps.tenants.resolve(c.req.valid('query').tenant);
      return c.json(await confirmToken(deps, tenant.id, c.req.valid('json').token), 200);
    },
  );
  return app;
}
