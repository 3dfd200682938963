/** The admin pages' strings as the i18next namespace "admin" (loaded with their chunk). */
import i18next, { type TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'admin';
const BUNDLES: Record<(typeof UI_LANGUAGES)[number], typeof en> = { en, fr, he, pl, uk, ru };
for (const lang of UI_LANGUAGES) i18next.addResourceBundle(lang, NS, BUNDLES[lang], true, true);

export type AdminT = TFunction<'admin'>;

export function useAdmin(): { t: AdminT; lang: string } {
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as AdminT, lang: i18n.language };
}
