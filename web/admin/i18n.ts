/** The admin pages' strings as the i18next namespace "admin" (loaded with their chunk). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'admin';
addNamespace(NS, { en, fr, he, pl, uk, ru });

export type AdminT = TFunction<'admin'>;

export function useAdmin(): { t: AdminT; lang: string } {
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as AdminT, lang: i18n.language };
}
