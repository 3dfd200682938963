/**
 * Links from imported content (a program's registration page, a place's website, e-mail) are
 * followed only when their scheme is one a resident can safely open: http, https, mailto, tel.
 * `data:`, `javascript:`, `vbscript:`, `file:`, `blob:`, relative and scheme-less URLs are not
 * links; the views show them as plain text. No imports: the server may use it as well.
 */
export const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:', 'tel:']);
export const WEB_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** the URL to put in an href, or null when it must not be a link */
export function safeHref(raw: unknown, allowed: ReadonlySet<string> = SAFE_SCHEMES): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!s || s.length > 2048) return null;
  // control characters (also tabs and newlines: "java\tscript:") are how scheme filters are fooled
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null; // relative or malformed: imported links must be absolute
  }
  if (!allowed.has(u.protocol)) return null;
  if ((u.protocol === 'http:' || u.protocol === 'https:') && !u.hostname) return null;
  return u.href;
}
