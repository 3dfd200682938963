/**
 * `npm run user` as a function: add an account (+ membership, + a one-time sign-in link), list,
 * disable, enable, or print a new sign-in link. The CLI runs it on the database itself, or hands
 * it to the server holding the embedded data folder (POST /api/admin/local-user), which runs this
 * same function. Every change is audited (actor: system, "npm run user").
 */
import { z } from 'zod';
import type { Config } from '../config.ts';
import { type AuditActor, recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { publicBase } from '../http/public-url.ts';
import { tenantLinkUnder } from '../tenants/links.ts';
import { findTenant, type Tenant } from '../tenants/queries.ts';
import { createSignInLink, signInLinkUrl } from './links.ts';
import {
  addMembership,
  ensureAccount,
  ensureOrganisation,
  findAccountByEmail,
  listAccounts,
  setAccountFlags,
} from './queries.ts';
import { ROLES } from './roles.ts';
import { deleteSessionsOf } from './sessions.ts';

const CLI_ACTOR: AuditActor = { kind: 'system', label: 'npm run user' };

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a slug: lowercase letters, digits, hyphens');
const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an e-mail address such as name@example.org' }));

export const UserCommandSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('add'),
      tenant: slug.optional(),
      email,
      role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }).optional(),
      organisation: slug.optional(),
      organisationName: z.string().min(1).max(200).optional(),
      area: z.string().min(1).max(200).optional(),
      operator: z.boolean().default(false),
    })
    .strict(),
  z.object({ action: z.literal('list'), tenant: slug.optional() }).strict(),
  z.object({ action: z.enum(['disable', 'enable']), email }).strict(),
  z.object({ action: z.literal('link'), tenant: slug.optional(), email }).strict(),
]);
export type UserCommand = z.input<typeof UserCommandSchema>;

export interface UserCommandResult {
  /** what happened, one sentence a line */
  lines: string[];
  link?: { url: string; expires_at: string };
  accounts?: {
    email: string;
    operator: boolean;
    disabled: boolean;
    has_password: boolean;
    last_sign_in_at: string | null;
    memberships: { tenant: string; role: string; organisation: string | null; area_id: string | null }[];
  }[];
}

export class UserCommandError extends Error {}

type LinkConfig = Pick<Config, 'PUBLIC_URL' | 'HOST' | 'PORT' | 'SIGN_IN_LINK_MINUTES' | 'DEFAULT_TENANT'>;

async function tenantOf(db: Kysely<DB>, config: LinkConfig, slugValue: string | undefined): Promise<Tenant> {
  const t = await findTenant(db, slugValue ?? config.DEFAULT_TENANT);
  if (!t) throw new UserCommandError(slugValue ? `No tenant "${slugValue}"` : 'No tenant has been set up yet');
  return t;
}

async function areaOf(db: Kysely<DB>, tenantId: number, ref: string): Promise<string> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  let q = db.selectFrom('area').select(['id', 'name']).where('tenant_id', '=', tenantId);
  q = uuid ? q.where('id', '=', ref) : q.where((eb) => eb(eb.fn('lower', ['name']), '=', ref.toLowerCase()));
  const rows = await q.limit(2).execute();
  if (rows.length !== 1)
    throw new UserCommandError(
      rows.length ? `--area "${ref}" names several areas: give the area's id` : `--area: no area "${ref}" in this tenant`,
    );
  return (rows[0] as { id: string }).id;
}

export async function runUserCommand(
  db: Kysely<DB>,
  config: LinkConfig,
  raw: UserCommand,
  now: number = Date.now(),
  /** the public address of the links; default PUBLIC_URL, else http://localhost:PORT */
  linkBase?: string,
): Promise<UserCommandResult> {
  const parsed = UserCommandSchema.safeParse(raw);
  if (!parsed.success)
    throw new UserCommandError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  const cmd = parsed.data;
  const at = new Date(now);

  if (cmd.action === 'list') {
    const tenant = cmd.tenant ? await tenantOf(db, config, cmd.tenant) : undefined;
    const accounts = await listAccounts(db, tenant?.id);
    return {
      lines: [`${accounts.length} account(s)${tenant ? ` in tenant "${tenant.slug}"` : ''}`],
      accounts: accounts.map((a) => ({
        email: a.email,
        operator: a.operator,
        disabled: Boolean(a.disabled_at),
        has_password: Boolean(a.password_hash),
        last_sign_in_at: a.last_sign_in_at?.toISOString() ?? null,
        memberships: a.memberships.map((m) => ({
          tenant: m.tenant,
          role: m.role,
          organisation: m.organisation?.slug ?? null,
          area_id: m.area_id ?? (m.area_geojson ? '(drawn)' : null),
        })),
      })),
    };
  }

  if (cmd.action === 'disable' || cmd.action === 'enable') {
    const account = await findAccountByEmail(db, cmd.email);
    if (!account) throw new UserCommandError(`No account ${cmd.email}`);
    await db.transaction().execute(async (trx) => {
      await setAccountFlags(trx, account.id, { disabled_at: cmd.action === 'disable' ? at : null });
      if (cmd.action === 'disable') await deleteSessionsOf(trx, account.id);
      await recordAudit(trx, {
        tenantId: null,
        actor: CLI_ACTOR,
        action: `account.${cmd.action}`,
        entity: { type: 'account', id: account.id },
        previous: { disabled: Boolean(account.disabled_at) },
        next: { disabled: cmd.action === 'disable' },
        summary: `${cmd.action === 'disable' ? 'Disabled' : 'Enabled'} ${account.email}`,
        at,
      });
    });
    return {
      lines: [
        cmd.action === 'disable'
          ? `Disabled ${account.email}: signed out everywhere; its API tokens no longer work`
          : `Enabled ${account.email}`,
      ],
    };
  }

  const tenant = await tenantOf(db, config, 'tenant' in cmd ? cmd.tenant : undefined);
  const lines: string[] = [];
  if (cmd.action === 'add') {
    if (!cmd.role && !cmd.operator) throw new UserCommandError('--role is required (or --operator)');
    if (cmd.role === 'editor' && !cmd.organisation)
      throw new UserCommandError('--organisation <slug> is required for an editor (the organisation whose content they edit)');
    if (cmd.role !== 'editor' && cmd.organisation)
      throw new UserCommandError('--organisation is only for editors');
    if (cmd.role === 'block_connector' && !cmd.area)
      throw new UserCommandError('--area <area id or name> is required for a block connector');
    if (cmd.role !== 'block_connector' && cmd.area) throw new UserCommandError('--area is only for block connectors');
    const areaId = cmd.area ? await areaOf(db, tenant.id, cmd.area) : null;
    await db.transaction().execute(async (trx) => {
      const { account, created } = await ensureAccount(trx, cmd.email, at);
      if (created) {
        lines.push(`Created the account ${account.email}`);
        await recordAudit(trx, {
          tenantId: tenant.id,
          actor: CLI_ACTOR,
          action: 'account.create',
          entity: { type: 'account', id: account.id },
          next: { email: account.email },
          summary: `Account ${account.email} created`,
          at,
        });
      } else lines.push(`The account ${account.email} exists`);
      if (cmd.operator && !account.operator) {
        await setAccountFlags(trx, account.id, { operator: true });
        lines.push(`${account.email} is now an operator (admin of every tenant)`);
        await recordAudit(trx, {
          tenantId: null,
          actor: CLI_ACTOR,
          action: 'account.operator',
          entity: { type: 'account', id: account.id },
          previous: { operator: false },
          next: { operator: true },
          summary: `${account.email} made an operator`,
          at,
        });
      }
      if (cmd.role) {
        let organisationId: string | null = null;
        if (cmd.organisation) {
          const o = await ensureOrganisation(trx, tenant.id, cmd.organisation, cmd.organisationName ?? cmd.organisation, at);
          organisationId = o.organisation.id;
          if (o.created) {
            lines.push(`Created the organisation "${cmd.organisation}"`);
            await recordAudit(trx, {
              tenantId: tenant.id,
              actor: CLI_ACTOR,
              action: 'organisation.create',
              entity: { type: 'organisation', id: o.organisation.id },
              next: { slug: o.organisation.slug, name: o.organisation.name },
              summary: `Organisation "${o.organisation.name}" created`,
              at,
            });
          }
        }
        const m = await addMembership(trx, { accountId: account.id, tenantId: tenant.id, role: cmd.role, organisationId, areaId }, at);
        if (m.created) {
          await recordAudit(trx, {
            tenantId: tenant.id,
            actor: CLI_ACTOR,
            action: 'membership.add',
            entity: { type: 'membership', id: m.id },
            next: { account_id: account.id, email: account.email, role: cmd.role, organisation_id: organisationId, area_id: areaId },
            summary: `${account.email} is ${cmd.role}${cmd.organisation ? ` of ${cmd.organisation}` : ''} in ${tenant.slug}`,
            at,
          });
          lines.push(`${account.email} is ${cmd.role}${cmd.organisation ? ` of "${cmd.organisation}"` : ''} in tenant "${tenant.slug}"`);
        } else lines.push(`${account.email} was already ${cmd.role} in tenant "${tenant.slug}"`);
      }
    });
  }
  const account = await findAccountByEmail(db, cmd.email);
  if (!account) throw new UserCommandError(`No account ${cmd.email}: add it first (npm run user -- add …)`);
  if (account.disabled_at) throw new UserCommandError(`${account.email} is disabled: enable it first`);
  const link = await db.transaction().execute(async (trx) => {
    const l = await createSignInLink(trx, { accountId: account.id, tenantId: tenant.id, now, minutes: config.SIGN_IN_LINK_MINUTES });
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: CLI_ACTOR,
      action: 'auth.sign_in_link_issued',
      entity: { type: 'account', id: account.id },
      next: { expires_at: l.expiresAt.toISOString() },
      summary: `A sign-in link for ${account.email} was printed`,
      at,
    });
    return l;
  });
  const url = signInLinkUrl(await tenantLinkUnder(db, config, tenant, linkBase ?? publicBase(config)), link.token);
  lines.push(
    `One-time sign-in link for ${account.email} (tenant "${tenant.slug}"), valid until ${link.expiresAt.toISOString()}:`,
  );
  return { lines, link: { url, expires_at: link.expiresAt.toISOString() } };
}
