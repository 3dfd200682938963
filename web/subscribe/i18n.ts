/** The subscribe form's strings as the i18next namespace "subscribe". */
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'subscribe';

/**
 * Registered once i18next is set up: the form's module may be imported (statically, by the
 * panel that holds it) before the app has called initI18n.
 */
let added = false;
function ensureNamespace() {
  if (added || !i18next.isInitialized) return;
  addNamespace(NS, { en, fr, he, pl, uk, ru });
  added = true;
}
ensureNamespace();

export type SubscribeT = TFunction<'subscribe'>;

export function useSubscribeText(): { t: SubscribeT; lang: string } {
  ensureNamespace();
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as SubscribeT, lang: i18n.language };
}
