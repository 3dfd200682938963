/**
 * What a kiosk can be set to, and its defaults: the API's validation and the admin page's form
 * both read these (no imports, so the web app can bundle it).
 */
export const KIOSK_LANGUAGES = ['en', 'fr', 'he', 'pl', 'uk', 'ru'] as const;
export const KIOSK_LAYERS = [
  'programs',
  'centres',
  'gardens',
  'parks',
  'degraded-zones',
  'neighbourhoods',
] as const;
export const KIOSK_DEFAULTS = {
  idle_seconds: 90,
  layers: ['programs', 'centres', 'gardens', 'parks'],
  radius_m: 2000,
  printer: false,
};
export const KIOSK_LIMITS = {
  idle_seconds: { min: 5, max: 3600 },
  radius_m: { min: 200, max: 10_000 },
};
