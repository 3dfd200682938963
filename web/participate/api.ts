/**
 * The participation API as the resident pages call it (docs: /work/notes contract of issue 13):
 * every public form answers 202 {status: "unconfirmed"} and mails a link; errors come in the API's
 * shape {error: {code, message, details}}, details of a 400 naming each parameter.
 */
import { apiUrl } from '../state/tenant.ts';

export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  details: { parameter: string | null; message: string }[];
}

export type Outcome<T> = { ok: true; status: number; body: T } | { ok: false; problem: ApiProblem };

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Outcome<T>> {
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      signal,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, problem: { status: 0, code: 'network', message: '', details: [] } };
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, body: json as T };
  const err = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const details: ApiProblem['details'] = [];
  if (Array.isArray(err?.details))
    for (const d of err.details as unknown[]) {
      if (!d || typeof d !== 'object') continue;
      const { parameter, message } = d as { parameter?: unknown; message?: unknown };
      if (typeof message === 'string') details.push({ parameter: typeof parameter === 'string' ? parameter : null, message });
    }
  return { ok: false, problem: { status: res.status, code: err?.code ?? String(res.status), message: err?.message ?? res.statusText, details } };
}

export type Localized = Record<string, string>;

export interface SurveyQuestion {
  key: string;
  kind: 'text' | 'audiences' | 'yes_no' | 'choice';
  label: Localized;
  options?: (string | { value?: string; key?: string; label?: Localized | string })[];
}

export interface Survey {
  id: string;
  title: Localized;
  intro?: Localized;
  opens_on?: string;
  closes_on?: string;
  area_ids?: string[];
  questions: SurveyQuestion[];
}

export interface ProposalEdit {
  kind: 'activity' | 'initiative' | 'group';
  title: Localized | string;
  description: Localized | string;
  language: string;
  categories?: string[];
  audiences?: string[];
  languages?: string[];
  age_min?: number | null;
  age_max?: number | null;
  schedules?: { dtstart: string; duration_minutes: number; rrule: string | null }[];
  join?: { url?: string | null; platform?: string | null; private?: boolean } | null;
  join_url?: string | null;
  join_platform?: string | null;
  join_private?: boolean;
  location?: { lon: number; lat: number } | { area_id: string } | null;
  lon?: number | null;
  lat?: number | null;
  area_id?: string | null;
  return_reason?: string | null;
  status?: string;
}

export interface NeedDetail {
  id: string;
  text: string;
  language: string;
  audiences: string[];
  area_name?: string | null;
  area?: { id?: string; name?: string } | null;
  supports: number;
  lon?: number;
  lat?: number;
}

export interface ConfirmResult {
  target_type: string;
  target_id: string;
  status: string;
}

export const participate = {
  propose: (body: unknown) => call<{ status: string }>('POST', '/api/proposals', body),
  need: (body: unknown) => call<{ status: string }>('POST', '/api/needs', body),
  support: (body: unknown) => call<{ status: string }>('POST', '/api/supports', body),
  confirm: (token: string) => call<ConfirmResult>('POST', '/api/participation/confirm', { token }),
  withdraw: (token: string) => call<unknown>('POST', '/api/supports/withdraw', { token }),
  edit: (token: string, signal?: AbortSignal) =>
    call<ProposalEdit>('GET', `/api/proposals/edit?token=${encodeURIComponent(token)}`, undefined, signal),
  resubmit: (token: string, body: object) => call<unknown>('PUT', '/api/proposals/edit', { token, ...body }),
  /** a campaign with its texts in `lang` (the server's fallback when missing) */
  survey: (id: string, lang: string, signal?: AbortSignal) =>
    call<Survey>('GET', `/api/surveys/${encodeURIComponent(id)}?lang=${encodeURIComponent(lang)}`, undefined, signal),
  surveysAt: (lon: number, lat: number, lang: string, signal?: AbortSignal) =>
    call<Survey[] | { items: Survey[] }>('GET', `/api/surveys?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&lang=${encodeURIComponent(lang)}`, undefined, signal),
  needDetail: (id: string, lang: string, signal?: AbortSignal) =>
    call<NeedDetail>('GET', `/api/needs/${encodeURIComponent(id)}?lang=${lang}`, undefined, signal),
  joinLink: (id: string) => call<{ url: string; platform: string }>('GET', `/api/opportunities/${encodeURIComponent(id)}/join-link`),
};

/** a localized text in the interface's language, else the tenant's first one */
export function pickText(v: Localized | string | undefined | null, lang: string): string {
  if (!v) return '';
  if (typeof v === 'string') return v;
  return v[lang] ?? v.en ?? Object.values(v)[0] ?? '';
}
