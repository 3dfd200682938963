/**
 * The back office pages' calls: organisations, users and roles, settings, imports and the audit
 * log (server/organisations, server/users, server/settings, server/admin/import-routes.ts,
 * server/audit). Every call names the session's tenant (?tenant=) and goes through adminFetch,
 * which sends the session's CSRF token with each change.
 */
import type { AuditView } from '../../../server/audit/queries.ts';
import type { ImportReport } from '../../../server/import/run.ts';
import type { OrganisationView } from '../../../server/organisations/queries.ts';
import type { TenantSettings } from '../../../server/settings/queries.ts';
import type { UserView } from '../../../server/users/queries.ts';
import { apiUrl } from '../../state/tenant.ts';
import { adminFetch } from '../auth/authApi.ts';

export type { AuditView, ImportReport, OrganisationView, TenantSettings, UserView };
export type Role = UserView['memberships'][number]['role'];

export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** a rejected import's report (422) */
    readonly report?: ImportReport,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const b = body as { error?: { code?: string; message?: string }; report?: ImportReport } | null;
    throw new PageError(
      res.status,
      b?.error?.code ?? 'error',
      b?.error?.message ?? `${res.status} ${res.statusText}`,
      b?.report,
    );
  }
  return body as T;
}

export interface InviteAnswer {
  user: UserView;
  account_created: boolean;
  membership_created: boolean;
  mail: { sent: boolean; reason: 'mail_off' | 'mail_failed' | null };
  link: { url: string; expires_at: string } | null;
}

export interface Invitation {
  email: string;
  role: Role;
  organisation?: string;
  area?: string;
  language?: string;
}

export interface SettingsAnswer extends TenantSettings {
  digest_default: { weekday: number; hour: number };
  languages_available: string[];
}

export type SettingsInput = Omit<TenantSettings, 'slug'>;

export interface AuditFilter {
  entity?: string;
  id?: string;
  from?: string;
  to?: string;
}

export interface AreaOption {
  id: string;
  name: string;
}

/** the page's "until" date is inclusive; the API's `to` is exclusive: a date-only one moves to the next day */
export function untilParam(to: string | undefined): string | undefined {
  if (!to || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return to;
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** the API of one tenant (the session's) */
export function pagesApi(tenant: string | null) {
  const q = (path: string, params: Record<string, string | undefined> = {}) => {
    const sp = new URLSearchParams();
    if (tenant) sp.set('tenant', tenant);
    for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
    const s = sp.toString();
    // under the page's tenant prefix too (web/state/tenant.ts): links such as the CSV export
    return apiUrl(s ? `${path}?${s}` : path);
  };
  const send = (method: string, path: string, body?: unknown) =>
    adminFetch(q(path), {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return {
    organisations: (signal?: AbortSignal) =>
      adminFetch(q('/api/admin/organisations'), signal ? { signal } : {}).then((r) =>
        answer<{ items: OrganisationView[] }>(r),
      ),
    addOrganisation: (o: { slug: string; name: string; contact: string | null }) =>
      send('POST', '/api/admin/organisations', o).then((r) => answer<OrganisationView>(r)),
    changeOrganisation: (
      id: string,
      change: { slug?: string; name?: string; contact?: string | null; archived?: boolean },
    ) =>
      send('PATCH', `/api/admin/organisations/${encodeURIComponent(id)}`, change).then((r) =>
        answer<OrganisationView>(r),
      ),
    users: (signal?: AbortSignal) =>
      adminFetch(q('/api/admin/users'), signal ? { signal } : {}).then((r) =>
        answer<{ items: UserView[] }>(r),
      ),
    invite: (i: Invitation) => send('POST', '/api/admin/users', i).then((r) => answer<InviteAnswer>(r)),
    removeMembership: (userId: string, membershipId: string) =>
      send(
        'DELETE',
        `/api/admin/users/${encodeURIComponent(userId)}/memberships/${encodeURIComponent(membershipId)}`,
      ).then((r) => answer<UserView>(r)),
    setDisabled: (userId: string, disabled: boolean) =>
      send('POST', `/api/admin/users/${encodeURIComponent(userId)}/${disabled ? 'disable' : 'enable'}`).then(
        (r) => answer<UserView>(r),
      ),
    settings: (signal?: AbortSignal) =>
      adminFetch(q('/api/admin/settings'), signal ? { signal } : {}).then((r) => answer<SettingsAnswer>(r)),
    saveSettings: (s: SettingsInput) =>
      send('PUT', '/api/admin/settings', s).then((r) => answer<SettingsAnswer>(r)),
    audit: (f: AuditFilter & { before?: number; limit?: number }, signal?: AbortSignal) =>
      adminFetch(
        q('/api/admin/audit', {
          entity: f.entity,
          id: f.id,
          from: f.from,
          to: untilParam(f.to),
          before: f.before ? String(f.before) : undefined,
          limit: f.limit ? String(f.limit) : undefined,
        }),
        signal ? { signal } : {},
      ).then((r) => answer<{ items: AuditView[]; next: number | null }>(r)),
    auditCsvUrl: (f: AuditFilter) =>
      q('/api/admin/audit.csv', { entity: f.entity, id: f.id, from: f.from, to: untilParam(f.to) }),
    /** POST /api/admin/import (multipart); a rejected import throws PageError with its report */
    importFile: (form: FormData) => {
      if (tenant && !form.has('tenant')) form.set('tenant', tenant);
      return adminFetch('/api/admin/import', { method: 'POST', body: form }).then((r) =>
        answer<ImportReport>(r),
      );
    },
    /** the tenant's neighbourhoods (for a block connector's area) */
    areas: async (signal?: AbortSignal): Promise<AreaOption[]> => {
      const fc = await fetch(q('/api/layers/neighbourhoods'), signal ? { signal } : {}).then((r) =>
        answer<{ features: { id?: string | number; properties: { id?: string; name: string } }[] }>(r),
      );
      return fc.features
        .map((f) => ({ id: String(f.properties.id ?? f.id ?? ''), name: f.properties.name }))
        .filter((a) => a.id)
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

export type PagesApi = ReturnType<typeof pagesApi>;
