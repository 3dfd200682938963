/** The answer of GET /api/auth/me (and of a sign-in): who is signed in, where, with which roles. */
import { z } from '@hono/zod-openapi';
import type { Config } from '../config.ts';
import type { AppDeps } from '../http/deps.ts';
import type { Principal } from './authenticate.ts';
import { membershipsOf } from './queries.ts';
import { ROLES } from './roles.ts';
import { sessionEndsAt } from './sessions.ts';

export const MeSchema = z
  .object({
    via: z.enum(['session', 'token', 'admin_token']),
    account: z
      .object({
        id: z.string(),
        email: z.string(),
        operator: z.boolean(),
        has_password: z.boolean(),
        last_sign_in_at: z.string().nullable(),
      })
      .nullable(),
    /** the tenant the session or token acts in (null for ADMIN_TOKEN: every tenant) */
    tenant: z.string().nullable(),
    memberships: z.array(
      z.object({
        tenant: z.string(),
        role: z.enum(ROLES),
        organisation: z.object({ slug: z.string(), name: z.string() }).nullable(),
        area_id: z.string().nullable(),
      }),
    ),
    /** send it as X-CSRF-Token with every state-changing request of this session */
    csrf_token: z.string().nullable(),
    session: z
      .object({
        via: z.enum(['password', 'link']),
        expires_at: z.string(),
        /** true right after a link sign-in (or without a password): a password can be set without the current one */
        may_set_password: z.boolean(),
      })
      .nullable(),
  })
  .openapi('Me');
export type Me = z.infer<typeof MeSchema>;

export async function meOf(
  deps: Pick<AppDeps, 'db'> & { config: Config },
  p: Principal,
  o: { mayTenant: (id: number) => Promise<string>; maySetPassword: boolean },
): Promise<Me> {
  if (p.kind === 'admin_token')
    return { via: 'admin_token', account: null, tenant: null, memberships: [], csrf_token: null, session: null };
  const a = p.account;
  const memberships = await membershipsOf(deps.db, a.id);
  const tenantId = p.kind === 'session' ? p.session.tenant_id : p.token.tenant_id;
  return {
    via: p.kind,
    account: {
      id: a.id,
      email: a.email,
      operator: a.operator,
      has_password: Boolean(a.password_hash),
      last_sign_in_at: a.last_sign_in_at ? a.last_sign_in_at.toISOString() : null,
    },
    tenant: await o.mayTenant(tenantId),
    memberships: memberships.map((m) => ({
      tenant: m.tenant,
      role: m.role,
      organisation: m.organisation ? { slug: m.organisation.slug, name: m.organisation.name } : null,
      area_id: m.area_id,
    })),
    csrf_token: p.kind === 'session' ? p.session.csrf_secret : null,
    session:
      p.kind === 'session'
        ? {
            via: p.session.via,
            expires_at: sessionEndsAt(p.session, deps.config).toISOString(),
            may_set_password: o.maySetPassword,
          }
        : null,
  };
}
