import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n, initialLanguage } from './i18n/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
await initI18n(initialLanguage(document.documentElement.lang || 'en'));
// the planner's view is its own chunk: residents never load it
const PlannerApp = lazy(() => import('./planner/PlannerApp.tsx').then((m) => ({ default: m.PlannerApp })));
const planner = window.location.pathname.replace(/\/+$/, '') === '/planner';
createRoot(root).render(
  <StrictMode>
    {planner ? (
      <Suspense fallback={<p className="map-loading">Loading the planner…</p>}>
        <PlannerApp />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
