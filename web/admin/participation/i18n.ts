/** The participation counts page's strings as the i18next namespace "admin-reach" (loaded with its chunk). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'admin-reach';
addNamespace(NS, { en, fr, he, pl, uk, ru });

export type ReachT = TFunction<'admin-reach'>;

export function useReachText(): { t: ReachT; lang: string } {
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as ReachT, lang: i18n.language };
}
