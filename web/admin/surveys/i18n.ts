/** The survey campaigns page's strings as the i18next namespace "admin-surveys" (loaded with its chunk). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'admin-surveys';
addNamespace(NS, { en, fr, he, pl, uk, ru });

export type SurveysT = TFunction<'admin-surveys'>;

export function useSurveysText(): { t: SurveysT; lang: string } {
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as SurveysT, lang: i18n.language };
}
