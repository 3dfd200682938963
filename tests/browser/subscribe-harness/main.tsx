/** The subscribe form alone on a page, for tests/browser/subscribe-form.test.ts: ?lang=&filters= */
import { createRoot } from 'react-dom/client';
import { initI18n, isUiLanguage } from '../../../web/i18n/index.ts';
import { SubscribeForm } from '../../../web/subscribe/SubscribeForm.tsx';

const params = new URLSearchParams(window.location.search);
const lang = params.get('lang');
await initI18n(isUiLanguage(lang) ? lang : 'en');
const filters = Object.fromEntries(new URLSearchParams(params.get('filters') ?? ''));
createRoot(document.getElementById('root') as HTMLElement).render(<SubscribeForm filters={filters} />);
