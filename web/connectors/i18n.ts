/** The block connectors' pages' strings as the i18next namespace "connectors" (loaded with their chunk). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'connectors';
addNamespace<object>(NS, { en, fr, he, pl, uk, ru });

export type ConnectorsT = TFunction<'connectors'>;

export function useConnectorsText(): { t: ConnectorsT; lang: string; dir: 'rtl' | 'ltr' } {
  const { t, i18n } = useTranslation(NS);
  return { t: t as unknown as ConnectorsT, lang: i18n.language, dir: i18n.dir(i18n.language) };
}

/** a value isolated for right-to-left text (FSI … PDI) */
export const iso = (s: string) => `\u2068${s}\u2069`;

export function formatWhen(iso8601: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso8601));
}

export function formatKm2(m2: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: m2 < 100_000 ? 3 : 2 }).format(m2 / 1e6);
}
