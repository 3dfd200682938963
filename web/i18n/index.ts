/**
 * The interface in English, French, Hebrew, Polish, Ukrainian and Russian. The language comes
 * from the URL (?lang=), else the one chosen before on this device, else the browser's, else the
 * town's default; Hebrew mirrors the whole layout (dir="rtl").
 */
import i18next, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './locales/en.ts';
import fr from './locales/fr.ts';
import he from './locales/he.ts';
import pl from './locales/pl.ts';
import ru from './locales/ru.ts';
import uk from './locales/uk.ts';

export const UI_LANGUAGES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi']);
const STORE = 'cm.lang';

export const isUiLanguage = (l: string | null | undefined): l is UiLanguage =>
  !!l && (UI_LANGUAGES as readonly string[]).includes(l);

let chosenBefore = false;
/**
 * whether the language was chosen before this page (the URL's ?lang=, or a choice remembered on
 * the device): if not, the first-visit dialog starts from the browser's languages the tenant offers
 */
export const languageChosenBefore = () => chosenBefore;

export function initialLanguage(fallback: string): UiLanguage {
  const url = new URLSearchParams(window.location.search).get('lang');
  chosenBefore = isUiLanguage(url) || isUiLanguage(safeGet(STORE));
  if (isUiLanguage(url)) return url;
  const stored = safeGet(STORE);
  if (isUiLanguage(stored)) return stored;
  for (const l of navigator.languages ?? []) {
    const code = l.slice(0, 2).toLowerCase();
    if (isUiLanguage(code)) return code;
  }
  return isUiLanguage(fallback) ? fallback : 'en';
}

function safeGet(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

let remember = true;
/** a kiosk keeps nothing of a visitor: the language chosen is not remembered on the device */
export function rememberLanguage(on: boolean) {
  remember = on;
}

/** switches the interface (and the page's lang and dir) to a language */
export function setLanguage(lang: string): Promise<unknown> {
  return i18next.changeLanguage(isUiLanguage(lang) ? lang : 'en');
}

export function applyLanguage(lang: UiLanguage) {
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.has(lang) ? 'rtl' : 'ltr';
  if (!remember) return;
  try {
    window.localStorage.setItem(STORE, lang);
  } catch {
    // private mode: the choice lasts for the page only
  }
}

export async function initI18n(lang: UiLanguage) {
  await i18next.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'en',
    resources: {
      en: { translation: en },
      fr: { translation: fr },
      he: { translation: he },
      pl: { translation: pl },
      uk: { translation: uk },
      ru: { translation: ru },
    },
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyLanguage(lang);
  i18next.on('languageChanged', (l) => isUiLanguage(l) && applyLanguage(l));
  return i18next;
}

/** the name of a language in the language of the interface ("ukrainien" in French) */
export function languageName(code: string, ui: string): string {
  try {
    return new Intl.DisplayNames([ui], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** each language's name in its own script, for the switcher */
export function autonym(code: string): string {
  return languageName(code, code).replace(/^\p{Ll}/u, (c) => c.toLocaleUpperCase(code));
}

/** a view's own strings (the planner's, the admin pages'), registered when its chunk loads */
export function addNamespace<T extends object>(ns: string, bundles: Record<UiLanguage, T>): void {
  for (const lang of UI_LANGUAGES) i18next.addResourceBundle(lang, ns, bundles[lang], true, true);
}

/**
 * the text hook of a namespace whose module may be imported before initI18n ran (a panel
 * imported statically by the app): its bundles are registered at once when i18next is set up,
 * else on the hook's first use
 */
export function lazyNamespace<NS extends string, T extends object>(
  ns: NS,
  bundles: Record<UiLanguage, T>,
): () => { t: TFunction<NS>; lang: string } {
  let added = false;
  const ensure = () => {
    if (added || !i18next.isInitialized) return;
    addNamespace(ns, bundles);
    added = true;
  };
  ensure();
  return function useNamespaceText() {
    ensure();
    const { t, i18n } = useTranslation(ns);
    return { t: t as unknown as TFunction<NS>, lang: i18n.language };
  };
}
