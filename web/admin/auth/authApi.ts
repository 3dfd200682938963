/**
 * The admin pages' side of /api/auth: who is signed in, sign-in by password or link, sign-out,
 * password. `adminFetch` sends the session's CSRF token (X-CSRF-Token) with every state change;
 * the cookie itself is HttpOnly and never seen here.
 */
import type { Me } from '../../../server/accounts/me.ts';
import { apiUrl } from '../../state/tenant.ts';

export type { Me };

export class AuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

let csrf: string | null = null;

async function answer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new AuthError(res.status, e?.code ?? 'error', e?.message ?? `${res.status} ${res.statusText}`, retry || undefined);
  }
  return body as T;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * fetch for the admin API: same-origin cookie, the CSRF token on every state change, and the
 * page's tenant (an "/api/…" URL goes to the tenant's /t/<slug>/api/…: web/state/tenant.ts)
 */
export function adminFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  if (!SAFE.has(method) && csrf) headers.set('x-csrf-token', csrf);
  return fetch(apiUrl(url), { ...init, headers, credentials: 'same-origin' });
}

const postJson = (url: string, body: unknown) =>
  adminFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function remember(me: Me): Me {
  csrf = me.csrf_token;
  return me;
}

export const authApi = {
  /** the signed-in person, or null */
  async me(signal?: AbortSignal): Promise<Me | null> {
    const res = await adminFetch('/api/auth/me', signal ? { signal } : {});
    if (res.status === 401) {
      csrf = null;
      return null;
    }
    return remember(await answer<Me>(res));
  },
  signIn: async (email: string, password: string) =>
    remember(await answer<Me>(await postJson('/api/auth/sign-in', { email, password }))),
  requestLink: async (email: string, language: string) =>
    answer<{ message: string }>(await postJson('/api/auth/sign-in-link', { email, language })),
  consumeLink: async (token: string) => remember(await answer<Me>(await postJson('/api/auth/sign-in-link/consume', { token }))),
  async signOut(): Promise<void> {
    await answer<void>(await adminFetch('/api/auth/sign-out', { method: 'POST' }));
    csrf = null;
  },
  setPassword: async (newPassword: string, currentPassword?: string) =>
    answer<void>(
      await postJson('/api/auth/password', {
        new_password: newPassword,
        ...(currentPassword ? { current_password: currentPassword } : {}),
      }),
    ),
};
