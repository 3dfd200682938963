/** The admin's calls for kiosks (server/kiosks/routes.ts): list, save, remove (in the session, with its CSRF token). */
import type { KioskConfig, KioskInput } from '../../server/kiosks/queries.ts';
import { adminFetch } from './auth/authApi.ts';
import { apiUrl } from '../state/tenant.ts';

export type { KioskConfig };
export type KioskForm = KioskInput & { slug: string };

export interface CentreOption {
  id: string;
  name: string;
}

export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new AdminError(res.status, message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export const kioskAdminApi = {
  list: (signal?: AbortSignal) => fetch(apiUrl('/api/kiosks'), { signal }).then((r) => answer<KioskConfig[]>(r)),
  /** every community centre, including one whose default kiosk slug another kiosk has taken */
  centres: async (signal?: AbortSignal): Promise<CentreOption[]> => {
    const fc = await fetch(apiUrl('/api/layers/centres'), { signal }).then((r) =>
      answer<{ features: { properties: { id: string; name: string } }[] }>(r),
    );
    return fc.features
      .map((f) => ({ id: f.properties.id, name: f.properties.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  save: ({ slug, ...input }: KioskForm) =>
    adminFetch(`/api/admin/kiosks/${encodeURIComponent(slug)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    }).then((r) => answer<KioskConfig>(r)),
  remove: (slug: string) =>
    adminFetch(`/api/admin/kiosks/${encodeURIComponent(slug)}`, {
      method: 'DELETE',
    }).then((r) => answer<{ deleted: boolean }>(r)),
};
