/** The participation pages' strings as the i18next namespace "participate". */
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'participate';

/** registered once i18next is set up (the module may be imported before initI18n ran) */
let added = false;
function ensureNamespace() {
  if (added || !i18next.isInitialized) return;
  addNamespace(NS, { en, fr, he, pl, uk, ru });
  added = true;
}
ensureNamespace();

export type ParticipateT = TFunction<'participate'>;

export function useParticipateText(): { t: ParticipateT; lang: string } {
  ensureNamespace();
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as ParticipateT, lang: i18n.language };
}
