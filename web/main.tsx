import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { pageOf } from './admin/pages.ts';
import { participateRoute } from './participate/routes.ts';
import { initI18n, initialLanguage, rememberLanguage } from './i18n/index.ts';
import { appPathname } from './state/tenant.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
// the planner's view is its own chunk: residents never load it
const PlannerApp = lazy(() => import('./planner/PlannerApp.tsx').then((m) => ({ default: m.PlannerApp })));
const KioskApp = lazy(() => import('./kiosk/KioskApp.tsx').then((m) => ({ default: m.KioskApp })));
const AdminShell = lazy(() => import('./admin/shell/AdminShell.tsx').then((m) => ({ default: m.AdminShell })));
const AuthApp = lazy(() => import('./admin/auth/AuthPages.tsx').then((m) => ({ default: m.AuthApp })));
const ParticipateApp = lazy(() => import('./participate/ParticipateApp.tsx').then((m) => ({ default: m.ParticipateApp })));
const ConnectorApply = lazy(() => import('./connectors/ApplyPage.tsx').then((m) => ({ default: m.ApplyPage })));
const CallsApp = lazy(() => import('./calls/CallsApp.tsx').then((m) => ({ default: m.CallsApp })));
const LeafletApp = lazy(() => import('./leaflet/LeafletApp.tsx').then((m) => ({ default: m.LeafletApp })));
// the view's path without the tenant prefix /t/<slug> (web/state/tenant.ts)
const path = appPathname().replace(/\/+$/, '');
const planner = path === '/planner';
const kiosk = path.startsWith('/kiosk/');
// the back office's pages in their frame (web/admin/pages.ts)
const adminPage = pageOf(path);
// the back office's own pages: the account, sign-in, the sign-in link's landing
const adminAuth = path === '/admin' || path === '/admin/sign-in' || path === '/admin/sign-in/link';
const leaflet = path === '/leaflet';
// the funding calls' public pages: /calls and /calls/{id}
const callsMatch = /^\/calls(?:\/([^/]+))?$/.exec(path);
// the residents' participation pages: propose, pin a need, surveys, the mails' links
const participate = participateRoute(path);
const connectorApply = path === '/connectors/apply';
// a kiosk keeps nothing of a visitor, nor does the leaflet a kiosk prints in a frame (print=1)
const kioskPrint = leaflet && new URLSearchParams(window.location.search).get('print') === '1';
if (kiosk || kioskPrint) rememberLanguage(false);
await initI18n(initialLanguage(document.documentElement.lang || 'en'));
createRoot(root).render(
  <StrictMode>
    {planner ? (
      <Suspense fallback={<p className="map-loading">Loading the planner…</p>}>
        <PlannerApp />
      </Suspense>
    ) : adminPage ? (
      <Suspense fallback={null}>
        <AdminShell page={adminPage} />
      </Suspense>
    ) : adminAuth ? (
      <Suspense fallback={null}>
        <AuthApp />
      </Suspense>
    ) : connectorApply ? (
      <Suspense fallback={null}>
        <ConnectorApply />
      </Suspense>
    ) : leaflet ? (
      <Suspense fallback={null}>
        <LeafletApp />
      </Suspense>
    ) : callsMatch ? (
      <Suspense fallback={null}>
        <CallsApp id={callsMatch[1] ? decodeURIComponent(callsMatch[1]) : null} />
      </Suspense>
    ) : participate ? (
      <Suspense fallback={null}>
        <ParticipateApp route={participate} />
      </Suspense>
    ) : kiosk ? (
      <Suspense fallback={null}>
        <KioskApp />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
