/**
 * The block connectors' pages' calls: the public application, the admins' applications, the
 * connector's area and reviews, and the moderation API of proposals and needs (with blocks).
 * Back-office calls go through adminFetch (the session's CSRF token) and name the tenant.
 */
import { apiUrl } from '../state/tenant.ts';
import { adminFetch } from '../admin/auth/authApi.ts';

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiProblem(res.status, e?.code ?? 'error', e?.message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export interface MapConfig {
  slug: string;
  locales: string[];
  defaultLocale: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number] | null;
  mapStyleUrl: string;
}

export async function mapConfig(signal?: AbortSignal): Promise<MapConfig> {
  const c = await answer<{ tenant: Omit<MapConfig, 'mapStyleUrl'>; mapStyleUrl: string }>(
    await fetch(apiUrl('/api/config'), signal ? { signal } : {}),
  );
  return { ...c.tenant, mapStyleUrl: c.mapStyleUrl };
}

export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface AreaItem {
  type: 'opportunity' | 'proposal' | 'need';
  id: string;
  title: string;
  kind: string | null;
  lon: number;
  lat: number;
  supports: number | null;
  resident_initiative: boolean;
  my_review: { verdict: 'confirm' | 'flag'; note: string | null; created_at: string } | null;
}

export interface MyArea {
  areas: { membership_id: string; name: string | null; geometry: Geometry }[];
  bbox: [number, number, number, number] | null;
  on: AreaItem[];
  proposed: AreaItem[];
  needed: AreaItem[];
  pending: { proposals: number; needs: number };
}

export interface Application {
  id: string;
  name: string;
  email: string;
  language: string;
  message: string | null;
  status: 'unconfirmed' | 'pending' | 'approved' | 'declined';
  blocks: { id: string; name: string }[];
  geometry: Geometry;
  area_m2: number;
  decline_reason: string | null;
  created_at: string;
  confirmed_at: string | null;
  decided_at: string | null;
}

export interface Decided {
  application: Application;
  mail: { sent: boolean; reason: string | null };
  link: { url: string; expires_at: string } | null;
}

export interface ModerationItem {
  type: 'proposal' | 'need';
  id: string;
  status: string;
  title: string;
  description?: string;
  kind?: string;
  language: string;
  audiences: string[];
  location: { lon: number; lat: number } | null;
  public_location: { lon: number; lat: number } | null;
  area: { id: string; name: string } | null;
  zones: { id: string; name: string }[];
  email_domain: string;
  submitted_at: string | null;
  updated_at: string;
  return_reason: string | null;
  reject_reason: string | null;
  supports: number;
  reviews: { verdict: 'confirm' | 'flag'; note: string | null; created_at: string }[];
}

export interface Block {
  id: string;
  kind: 'address' | 'email_domain';
  value: string;
  reason: string | null;
  created_at: string;
}

export interface ConnectorReview {
  id: string;
  target_type: 'opportunity' | 'proposal' | 'need';
  target_id: string;
  verdict: 'confirm' | 'flag';
  note: string | null;
  created_at: string;
  title: string;
  item_status: string | null;
  /** when a moderator marked it handled */
  resolved_at: string | null;
}

export interface Area {
  id: string;
  name: string;
}

/** the public side (no account) */
export const publicApi = {
  async neighbourhoods(lang: string, signal?: AbortSignal): Promise<(Area & { geometry: Geometry })[]> {
    const fc = await answer<{
      features: { id?: string | number; geometry: Geometry; properties: { id?: string; name: string } }[];
    }>(
      await fetch(
        apiUrl(`/api/layers/neighbourhoods?lang=${encodeURIComponent(lang)}`),
        signal ? { signal } : {},
      ),
    );
    return fc.features
      .map((f) => ({ id: String(f.properties.id ?? f.id), name: f.properties.name, geometry: f.geometry }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
  async apply(body: unknown): Promise<void> {
    await answer<unknown>(
      await fetch(apiUrl('/api/connectors/applications'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  },
};

/** the back office's side, in the session's tenant */
export function connectorsApi(tenant: string | null, lang?: string) {
  const q = (path: string, params: Record<string, string | undefined> = {}) => {
    const sp = new URLSearchParams();
    if (tenant) sp.set('tenant', tenant);
    for (const [k, v] of Object.entries(params)) if (v) sp.set(k, v);
    const s = sp.toString();
    return s ? `${path}?${s}` : path;
  };
  const get = async <T>(
    path: string,
    params: Record<string, string | undefined> = {},
    signal?: AbortSignal,
  ) => answer<T>(await adminFetch(q(path, params), signal ? { signal } : {}));
  const send = async <T>(method: string, path: string, body?: unknown) =>
    answer<T>(
      await adminFetch(q(path), {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      }),
    );
  return {
    myArea: (signal?: AbortSignal) => get<MyArea>('/api/connector/area', { lang }, signal),
    review: (b: {
      target_type: AreaItem['type'];
      target_id: string;
      verdict: 'confirm' | 'flag';
      note?: string;
    }) => send<unknown>('POST', '/api/connector/reviews', b),
    applications: (status: string, signal?: AbortSignal) =>
      get<{ items: Application[] }>('/api/admin/connectors/applications', { status }, signal),
    decide: (id: string, b: { action: 'approve' | 'decline'; reason?: string }) =>
      send<Decided>('POST', `/api/admin/connectors/applications/${encodeURIComponent(id)}`, b),
    moderation: (type: 'proposal' | 'need', status: string, signal?: AbortSignal) =>
      get<{ items: ModerationItem[] }>('/api/admin/moderation', { type, status, lang }, signal),
    moderate: (
      type: 'proposal' | 'need',
      id: string,
      b: { action: 'publish' | 'return' | 'reject'; reason?: string; expected_updated_at: string },
    ) => send<unknown>('POST', `/api/admin/moderation/${type}/${encodeURIComponent(id)}`, b),
    blocks: (signal?: AbortSignal) => get<{ items: Block[] }>('/api/admin/moderation/blocks', {}, signal),
    block: (b: {
      kind: Block['kind'];
      value?: string;
      from?: { type: string; id: string };
      reason?: string;
    }) => send<Block>('POST', '/api/admin/moderation/blocks', b),
    unblock: (id: string) =>
      send<unknown>('DELETE', `/api/admin/moderation/blocks/${encodeURIComponent(id)}`),
    flags: (signal?: AbortSignal) =>
      get<{ items: ConnectorReview[] }>(
        '/api/admin/connectors/reviews',
        { verdict: 'flag', state: 'open', lang },
        signal,
      ),
    resolveFlag: (id: string) =>
      send<unknown>('POST', `/api/admin/connectors/reviews/${encodeURIComponent(id)}/resolve`),
  };
}
