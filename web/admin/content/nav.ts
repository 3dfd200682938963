/** The content page's own navigation (History API) and what its views share. */
import { type MouseEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { appPathname, appUrl } from '../../state/tenant.ts';
import type { TenantConfig } from './contentApi.ts';
import type { OrganisationOption } from './types.ts';

/** goes to another view of the page without reloading it (a path of the app: "/admin/content/…") */
export function navigate(path: string) {
  window.history.pushState(null, '', appUrl(path));
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocationKey(): string {
  const [key, setKey] = useState(() => appPathname() + window.location.search);
  useEffect(() => {
    const on = () => setKey(appPathname() + window.location.search);
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  return key;
}

export interface ContentContext {
  config: TenantConfig;
  organisations: OrganisationOption[];
  /** an editor (not an admin or operator): sees and chooses only their organisations */
  editorOnly: boolean;
}

/** an <a>'s click handler that stays in the page (a new tab still opens with the modifier keys) */
export function link(path: string) {
  return (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}

/** focuses a view's heading once the view is ready (an editor: when its item has loaded) */
export function useFocusWhenReady(ready: boolean): RefObject<HTMLHeadingElement | null> {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (ready) ref.current?.focus();
  }, [ready]);
  return ref;
}
