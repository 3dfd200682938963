/**
 * `npm run tenant -- hosts add|remove|list` as a function: the host names that choose a tenant
 * (table tenant_host, migration 0009). The CLI runs it on the database itself, or hands it to the
 * server holding the embedded data folder (POST /api/admin/local-tenant), which runs this same
 * function and then drops its tenant cache. Every change is audited (actor: system,
 * "npm run tenant") with the previous and the new host list of the tenant.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { type AuditActor, recordAudit } from '../audit/record.ts';
import type { DB } from '../db/schema.ts';
import { normaliseHost } from './context.ts';

const CLI_ACTOR: AuditActor = { kind: 'system', label: 'npm run tenant' };

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a tenant slug: lowercase letters, digits, hyphens');
export const hostName = z
  .string({ message: 'must be a host name' })
  .max(253, 'must be at most 253 characters')
  .transform((v, ctx) => {
    const h = normaliseHost(v);
    if (!h || !HOST_RE.test(h) || /^\d+(\.\d+){3}$/.test(h)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be a host name such as map.town.example (not ${JSON.stringify(v.slice(0, 80))})`,
      });
      return z.NEVER;
    }
    return h;
  });

export const TenantCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('hosts-add'), tenant: slug, host: hostName }).strict(),
  z.object({ action: z.literal('hosts-remove'), tenant: slug, host: hostName }).strict(),
  z.object({ action: z.literal('hosts-list'), tenant: slug.optional() }).strict(),
]);
export type TenantCommand = z.input<typeof TenantCommandSchema>;

export interface TenantCommandResult {
  lines: string[];
  hosts: { tenant: string; host: string }[];
  /** whether anything changed (the server then drops its tenant cache) */
  changed: boolean;
}

export class TenantCommandError extends Error {}

async function tenantOf(db: Kysely<DB>, slugValue: string) {
  const t = await db
    .selectFrom('tenant')
    .select(['id', 'slug'])
    .where('slug', '=', slugValue)
    .executeTakeFirst();
  if (!t) throw new TenantCommandError(`No tenant "${slugValue}"`);
  return t;
}

async function listHosts(db: Kysely<DB>, tenantId?: number) {
  let q = db
    .selectFrom('tenant_host')
    .innerJoin('tenant', 'tenant.id', 'tenant_host.tenant_id')
    .select(['tenant.slug as tenant', 'tenant_host.host'])
    .orderBy('tenant.slug')
    .orderBy('tenant_host.created_at')
    .orderBy('tenant_host.host');
  if (tenantId !== undefined) q = q.where('tenant_host.tenant_id', '=', tenantId);
  return q.execute();
}

/** validates `input` (a TenantCommand) and runs it; TenantCommandError for anything refused */
export async function runTenantCommand(
  db: Kysely<DB>,
  input: TenantCommand | unknown,
): Promise<TenantCommandResult> {
  const parsed = TenantCommandSchema.safeParse(input);
  if (!parsed.success)
    throw new TenantCommandError(
      parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '),
    );
  const cmd = parsed.data;
  if (cmd.action === 'hosts-list') {
    const tenant = cmd.tenant ? await tenantOf(db, cmd.tenant) : undefined;
    const hosts = await listHosts(db, tenant?.id);
    return {
      lines: hosts.length
        ? hosts.map((h) => `${h.host}\t${h.tenant}`)
        : [`No host names${tenant ? ` for tenant "${tenant.slug}"` : ''}`],
      hosts,
      changed: false,
    };
  }
  const tenant = await tenantOf(db, cmd.tenant);
  return db.transaction().execute(async (trx) => {
    const before = (await listHosts(trx, tenant.id)).map((h) => h.host);
    const holder = await trx
      .selectFrom('tenant_host')
      .innerJoin('tenant', 'tenant.id', 'tenant_host.tenant_id')
      .select(['tenant.slug', 'tenant_host.tenant_id'])
      .where('tenant_host.host', '=', cmd.host)
      .executeTakeFirst();
    if (cmd.action === 'hosts-add') {
      if (holder && holder.tenant_id !== tenant.id)
        throw new TenantCommandError(
          `${cmd.host} already belongs to tenant "${holder.slug}": remove it there first`,
        );
      if (holder) {
        return {
          lines: [`${cmd.host} already chooses tenant "${tenant.slug}"`],
          hosts: await listHosts(trx, tenant.id),
          changed: false,
        };
      }
      await trx.insertInto('tenant_host').values({ host: cmd.host, tenant_id: tenant.id }).execute();
    } else {
      if (!holder || holder.tenant_id !== tenant.id)
        throw new TenantCommandError(`${cmd.host} is not a host name of tenant "${tenant.slug}"`);
      await trx
        .deleteFrom('tenant_host')
        .where('host', '=', cmd.host)
        .where('tenant_id', '=', tenant.id)
        .execute();
    }
    const hosts = await listHosts(trx, tenant.id);
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: CLI_ACTOR,
      action: cmd.action === 'hosts-add' ? 'tenant.host_add' : 'tenant.host_remove',
      entity: { type: 'tenant', id: tenant.slug },
      previous: { hosts: before },
      next: { hosts: hosts.map((h) => h.host) },
      summary: `${cmd.host} ${cmd.action === 'hosts-add' ? 'now chooses' : 'no longer chooses'} tenant ${tenant.slug}`,
    });
    return {
      lines: [
        `${cmd.host} ${cmd.action === 'hosts-add' ? 'now chooses' : 'no longer chooses'} tenant "${tenant.slug}"`,
      ],
      hosts,
      changed: true,
    };
  });
}
