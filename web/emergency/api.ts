/**
 * The public emergency state (GET /api/emergency) and a hook that keeps it current: asked at
 * start, every minute, and whenever the window regains focus or becomes visible, so a switch
 * shows within a minute without a reload. Requests revalidate (ETag) instead of trusting the
 * HTTP cache, so a switch is never hidden by a cached answer.
 */
import { apiUrl } from '../state/tenant.ts';
import { useCallback, useEffect, useRef, useState } from 'react';

export type EmergencyRole = 'shelter' | 'distribution_point' | 'volunteer_call' | 'information_point';

export interface EmergencyPlace {
  id: string;
  type: 'place' | 'opportunity';
  target_id: string;
  /** where the app opens it: `programs:{id}`, `parks:{id}`… */
  item: string;
  role: EmergencyRole;
  name: string;
  names: Record<string, string>;
  address: string | null;
  note: string | null;
  notes: Record<string, string>;
  lon: number;
  lat: number;
}

export interface EmergencyState {
  tenant: string;
  active: boolean;
  message: string | null;
  message_lang: string | null;
  messages: Record<string, string>;
  languages: string[];
  since: string | null;
  whole_town: boolean;
  areas: { id: string; name: string; kind: string }[];
  places: EmergencyPlace[];
}

export const EMERGENCY_POLL_MS = 60_000;

/** the tenant the page was opened for (`?tenant=`; web/state/tenant.ts turns it into the /t/<slug> prefix that apiUrl adds), or undefined */
export function tenantOfPage(): string | undefined {
  return new URLSearchParams(window.location.search).get('tenant') ?? undefined;
}

export async function fetchEmergency(
  lang: string,
  signal?: AbortSignal,
  tenant = tenantOfPage(),
): Promise<EmergencyState> {
  const q = new URLSearchParams({ lang });
  if (tenant) q.set('tenant', tenant);
  const res = await fetch(apiUrl(`/api/emergency?${q}`), { signal, cache: 'no-cache', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  return (await res.json()) as EmergencyState;
}

declare global {
  interface Window {
    /** the emergency state as the page last read it, for browser tests */
    __commonsEmergency?: { active: boolean; checks: number };
  }
}

/** the tenant's emergency state in `lang`, polled; null until the first answer */
export function useEmergency(lang: string, tenant?: string): EmergencyState | null {
  const [state, setState] = useState<EmergencyState | null>(null);
  const ctrl = useRef<AbortController | null>(null);
  const check = useCallback(() => {
    ctrl.current?.abort();
    const c = new AbortController();
    ctrl.current = c;
    fetchEmergency(lang, c.signal, tenant ?? tenantOfPage()).then(
      (s) => {
        window.__commonsEmergency = {
          active: s.active,
          checks: (window.__commonsEmergency?.checks ?? 0) + 1,
        };
        document.documentElement.dataset.emergency = s.active ? 'on' : 'off';
        setState(s);
      },
      () => {
        // offline or failing: the last known state stays
      },
    );
  }, [lang, tenant]);
  useEffect(() => {
    check();
    const id = setInterval(check, EMERGENCY_POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(id);
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', onVisible);
      ctrl.current?.abort();
    };
  }, [check]);
  return state;
}
