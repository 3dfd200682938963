import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { initI18n, initialLanguage } from './i18n/index.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
await initI18n(initialLanguage(document.documentElement.lang || 'en'));
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
