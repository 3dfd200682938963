/** Emergency mode's strings as the i18next namespace "emergency" (map, kiosk, back office). */
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { addNamespace } from '../i18n/index.ts';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

const NS = 'emergency';
let added = false;
function ensureNamespace() {
  if (added || !i18next.isInitialized) return;
  addNamespace(NS, { en, fr, he, pl, uk, ru });
  added = true;
}
ensureNamespace();

export function useEmergencyText() {
  ensureNamespace();
  return useTranslation(NS);
}
