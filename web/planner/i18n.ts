/**
 * The planner's strings as the i18next namespace "planner" (its own chunk), its number formats in
 * the interface's language, and the names of the sets one can measure access to.
 */
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import { audienceLabel, categoryLabel } from '../taxonomy.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'planner';
addNamespace(NS, { en, fr, he, pl, uk, ru });

export type PlannerT = TFunction<'planner'>;

/** t() of the planner's namespace, the language, and number formats in it */
export function usePlanner() {
  const { t, i18n } = useTranslation(NS);
  const lang = i18n.language;
  const fmt = useMemo(() => formats(lang), [lang]);
  return { t: t as unknown as PlannerT, lang, fmt };
}

export function formats(lang: string) {
  const dash = '–';
  return {
    /** a whole or decimal number with at most `digits` decimals; – for none */
    num: (v: number | null | undefined, digits = 0) =>
      v === null || v === undefined ? dash : v.toLocaleString(lang, { maximumFractionDigits: digits }),
    /** a share 0–1 as a whole percentage */
    pct: (v: number | null | undefined) =>
      v === null || v === undefined
        ? dash
        : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(v),
    /** a share 0–1 as a percentage with up to one decimal (reach: small shares matter) */
    pctFine: (v: number | null | undefined) =>
      v === null || v === undefined
        ? dash
        : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(v),
  };
}
export type Formats = ReturnType<typeof formats>;

/** "parks" → Parks; "programs:audience=seniors" → Programs for: Seniors (in the interface's language) */
export function setLabel(t: PlannerT, lang: string, key: string): string {
  const [layer, rest] = key.split(':');
  if (!rest) return t(`sets.${layer}` as 'sets.parks', { defaultValue: layer ?? key });
  const filters = Object.fromEntries(rest.split(',').map((kv) => kv.split('=') as [string, string]));
  if (filters.audience) return t('sets.programsFor', { audience: audienceLabel(filters.audience, lang) });
  if (filters.category) return t('sets.programsOf', { category: categoryLabel(filters.category, lang) });
  if (filters.language) {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(filters.language) ?? filters.language;
    return t('sets.programsIn', { language: name });
  }
  return t('sets.programs');
}
