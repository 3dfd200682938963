/** The phone layout's strings as the i18next namespace "layout". */
import type { TFunction } from 'i18next';
import { lazyNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

export type LayoutT = TFunction<'layout'>;

export const useLayoutText: () => { t: LayoutT; lang: string } = lazyNamespace('layout', {
  en,
  fr,
  he,
  pl,
  uk,
  ru,
});
