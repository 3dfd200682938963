/**
 * The content pages' calls to /api/admin (opportunities, places, schedule preview, organisations,
 * history) through adminFetch (the session cookie and its CSRF token), in the session's tenant.
 */
import { type AnyHit, type OpportunityDetail, type PlaceDetail, positioned } from '../../api.ts';
import { adminFetch } from '../auth/authApi.ts';
import type {
  HistoryEntry,
  Occurrence,
  OpportunityInput,
  OpportunityRecord,
  OpportunitySummary,
  OrganisationOption,
  PlaceInput,
  PlaceRecord,
  PlaceSummary,
  ReturnedItem,
  ReviewItem,
  ReviewType,
  ScheduleInput,
  Status,
} from './types.ts';

/** an answer other than 2xx: the API's code, message and details (publish refusals carry reasons) */
export class ContentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

export interface TenantConfig {
  slug: string;
  locales: string[];
  defaultLocale: string;
  timezone: string;
  home: { center: [number, number]; zoom: number };
  bbox: [number, number, number, number] | null;
  mapStyleUrl: string;
}

let tenant: string | null = null;
/** the tenant the session acts in (its slug): every call names it */
export function setContentTenant(slug: string | null) {
  tenant = slug;
}

function url(path: string, query: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  if (tenant) q.set('tenant', tenant);
  for (const [k, v] of Object.entries(query))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `${path}${s ? `?${s}` : ''}`;
}

async function answer<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ContentError(
      res.status,
      e?.code ?? 'error',
      e?.message ?? `${res.status} ${res.statusText}`,
      e?.details,
    );
  }
  return body as T;
}

const get = async <T>(
  path: string,
  query: Record<string, string | number | null | undefined> = {},
  signal?: AbortSignal,
) => answer<T>(await adminFetch(url(path, query), signal ? { signal } : {}));

const send = async <T>(method: 'POST' | 'PATCH', path: string, body?: unknown, signal?: AbortSignal) =>
  answer<T>(
    await adminFetch(url(path), {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { signal } : {}),
    }),
  );

export interface OpportunityFilters {
  q?: string;
  status?: string;
  kind?: string;
  category?: string;
  audience?: string;
  organisation?: string;
  missing?: string;
  limit?: number;
  offset?: number;
}

export interface PlaceFilters {
  q?: string;
  status?: string;
  kind?: string;
  organisation?: string;
  limit?: number;
  offset?: number;
}

const enc = encodeURIComponent;

export const contentApi = {
  async config(signal?: AbortSignal): Promise<TenantConfig> {
    const c = await get<{ tenant: Omit<TenantConfig, 'mapStyleUrl'>; mapStyleUrl: string }>(
      '/api/config',
      {},
      signal,
    );
    return { ...c.tenant, mapStyleUrl: c.mapStyleUrl };
  },
  organisations: (signal?: AbortSignal) =>
    get<{ items: OrganisationOption[] }>('/api/admin/content/organisations', {}, signal),

  opportunities: (f: OpportunityFilters, signal?: AbortSignal) =>
    get<{ items: OpportunitySummary[]; total: number }>('/api/admin/opportunities', { ...f }, signal),
  opportunity: (id: string, signal?: AbortSignal) =>
    get<OpportunityRecord>(`/api/admin/opportunities/${enc(id)}`, {}, signal),
  createOpportunity: (input: OpportunityInput) =>
    send<OpportunityRecord>('POST', '/api/admin/opportunities', input),
  updateOpportunity: (id: string, input: Partial<OpportunityInput>, expected: string) =>
    send<OpportunityRecord>('PATCH', `/api/admin/opportunities/${enc(id)}`, {
      ...input,
      expected_updated_at: expected,
    }),
  duplicateOpportunity: (id: string) =>
    send<OpportunityRecord>('POST', `/api/admin/opportunities/${enc(id)}/duplicate`),
  setOpportunityStatus: (id: string, status: Status, expected: string) =>
    send<OpportunityRecord>('POST', `/api/admin/opportunities/${enc(id)}/status`, {
      status,
      expected_updated_at: expected,
    }),
  preview: (id: string, lang: string, signal?: AbortSignal) =>
    get<OpportunityDetail>(`/api/admin/opportunities/${enc(id)}/preview`, { lang }, signal),
  opportunityHistory: (id: string, signal?: AbortSignal) =>
    get<{ items: HistoryEntry[] }>(`/api/admin/opportunities/${enc(id)}/history`, {}, signal),

  places: (f: PlaceFilters, signal?: AbortSignal) =>
    get<{ items: PlaceSummary[]; total: number }>('/api/admin/places', { ...f }, signal),
  place: (id: string, signal?: AbortSignal) => get<PlaceRecord>(`/api/admin/places/${enc(id)}`, {}, signal),
  createPlace: (input: PlaceInput) => send<PlaceRecord>('POST', '/api/admin/places', input),
  updatePlace: (id: string, input: Partial<PlaceInput>, expected: string) =>
    send<PlaceRecord>('PATCH', `/api/admin/places/${enc(id)}`, { ...input, expected_updated_at: expected }),
  duplicatePlace: (id: string) => send<PlaceRecord>('POST', `/api/admin/places/${enc(id)}/duplicate`),
  setPlaceStatus: (id: string, status: Status, expected: string) =>
    send<PlaceRecord>('POST', `/api/admin/places/${enc(id)}/status`, {
      status,
      expected_updated_at: expected,
    }),
  placeHistory: (id: string, signal?: AbortSignal) =>
    get<{ items: HistoryEntry[] }>(`/api/admin/places/${enc(id)}/history`, {}, signal),

  // the review of pending items (admins, moderators: server/content/review.ts)
  reviewQueue: (signal?: AbortSignal) => get<{ items: ReviewItem[] }>('/api/admin/review', {}, signal),
  reviewItem: (type: ReviewType, id: string, signal?: AbortSignal) =>
    get<ReviewItem>(`/api/admin/review/${type}/${enc(id)}`, {}, signal),
  reviewPreview: (id: string, lang: string, signal?: AbortSignal) =>
    get<OpportunityDetail>(`/api/admin/review/opportunity/${enc(id)}/preview`, { lang }, signal),
  reviewPlacePreview: (id: string, lang: string, signal?: AbortSignal) =>
    get<PlaceDetail>(`/api/admin/review/place/${enc(id)}/preview`, { lang }, signal),
  reviewHistory: (type: ReviewType, id: string, signal?: AbortSignal) =>
    get<{ items: HistoryEntry[] }>(`/api/admin/review/${type}/${enc(id)}/history`, {}, signal),
  decide: (type: ReviewType, id: string, decision: 'publish' | 'return', expected: string, reason?: string) =>
    send<{ status: Status; updated_at: string }>('POST', `/api/admin/review/${type}/${enc(id)}`, {
      decision,
      ...(reason === undefined ? {} : { reason }),
      expected_updated_at: expected,
    }),
  /** the drafts the caller may edit that a reviewer returned, with the reason (editors, admins) */
  returned: (signal?: AbortSignal) => get<{ items: ReturnedItem[] }>('/api/admin/review/returned', {}, signal),

  schedulePreview: (schedules: ScheduleInput[], signal?: AbortSignal, count = 5) =>
    send<{ dates: Occurrence[] }>('POST', '/api/admin/schedule-preview', { schedules, count }, signal),
  /** streets, places and neighbourhoods by name (the public search) */
  search: (q: string, lang: string, signal?: AbortSignal) =>
    get<AnyHit[]>('/api/search', { q, lang, limit: 8 }, signal).then(positioned),
};
