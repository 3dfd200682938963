/** The participation pages' strings as the i18next namespace "participate". */
import type { TFunction } from 'i18next';
import { lazyNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

export type ParticipateT = TFunction<'participate'>;

export const useParticipateText: () => { t: ParticipateT; lang: string } = lazyNamespace('participate', { en, fr, he, pl, uk, ru });
