/** The subscribe form's strings as the i18next namespace "subscribe". */
import type { TFunction } from 'i18next';
import { lazyNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

export type SubscribeT = TFunction<'subscribe'>;

export const useSubscribeText: () => { t: SubscribeT; lang: string } = lazyNamespace('subscribe', { en, fr, he, pl, uk, ru });
