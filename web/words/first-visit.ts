/**
 * The language the first-visit dialog starts from: the first of the browser's languages
 * (navigator.languages, most preferred first) that the tenant offers, else the tenant's default.
 */
import { isUiLanguage, type UiLanguage } from '../i18n/index.ts';

export function firstVisitLanguage(
  browser: readonly string[] | undefined,
  tenant: { locales: readonly string[]; defaultLocale: string },
): UiLanguage {
  const offered = tenant.locales.filter(isUiLanguage);
  for (const l of browser ?? []) {
    const code = l.slice(0, 2).toLowerCase();
    if (isUiLanguage(code) && offered.includes(code)) return code;
  }
  return isUiLanguage(tenant.defaultLocale) ? tenant.defaultLocale : (offered[0] ?? 'en');
}
