/** The participation pages' paths (web/participate/ParticipateApp.tsx); server/http/app-routes.ts lists them too. */
export type ParticipateRoute =
  | { page: 'propose' }
  | { page: 'need' }
  | { page: 'survey'; id: string }
  | { page: 'confirm' }
  | { page: 'edit' }
  | { page: 'withdraw' };

/** the participation page of an app path (without the tenant prefix), or null */
export function participateRoute(path: string): ParticipateRoute | null {
  if (path === '/propose') return { page: 'propose' };
  if (path === '/need') return { page: 'need' };
  const survey = /^\/survey\/([^/]+)$/.exec(path);
  if (survey?.[1]) return { page: 'survey', id: decodeURIComponent(survey[1]) };
  if (path === '/participate/confirm') return { page: 'confirm' };
  if (path === '/participate/edit') return { page: 'edit' };
  if (path === '/participate/withdraw') return { page: 'withdraw' };
  return null;
}

