/**
 * What must never reach a log line, found by key and by value: secrets (tokens, authorization
 * headers, cookies, passwords) are replaced by "[redacted]", e-mail addresses by "[email]".
 */
const REDACTED = '[redacted]';

/** keys whose values are never logged, whatever they hold */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|e-?mail|mail)$|pass(word|wd)?|secret|token|api[-_]?key|credential|session|signature/i;

/**
 * e-mail addresses, also percent-encoded (a%40b.org) as they appear in URLs. A match starts only
 * where a run of local-part characters starts (the lookbehind): without it every position of a
 * long run without "@" rescans the run to its end, and a 100 KB URL took a minute to log.
 */
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+(?:@|%40)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
/** credentials written into a string: "Bearer abc…", "Basic …" */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
/** secret-looking parameters inside a URL or query string */
const SECRET_PARAM = /([?&;](?:[a-z_-]*token|key|api[-_]?key|pass(?:word)?|secret|code|sig(?:nature)?|session|auth)=)[^&#\s"]*/gi;

export function scrubText(s: string): string {
  return s.replace(AUTH_SCHEME, `$1 ${REDACTED}`).replace(SECRET_PARAM, `$1${REDACTED}`).replace(EMAIL, '[email]');
}

/** a copy of `value` safe to log (bounded depth; errors become their message and stack) */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[…]';
  if (value instanceof Error) {
    return { name: value.name, message: scrubText(value.message), ...(value.stack ? { stack: scrubText(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && v !== '' ? REDACTED : scrub(v, depth + 1);
  }
  return out;
}

/** the path and query of a request as logged: secret parameters redacted, e-mail addresses replaced */
export function loggablePath(url: string, maxLength = 512): string {
  let u: URL;
  try {
    u = new URL(url, 'http://x');
  } catch {
    return '[unreadable]';
  }
  const parts: string[] = [];
  for (const [k, v] of u.searchParams) {
    const value = SECRET_KEY.test(k) || /^(code|key|sig|auth)$/i.test(k) ? REDACTED : scrubText(v);
    parts.push(`${scrubText(k).slice(0, 64)}=${value}`);
  }
  let path = u.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // a malformed escape: log it as sent
  }
  const full = scrubText(path) + (parts.length ? `?${parts.join('&')}` : '');
  return full.length > maxLength ? `${full.slice(0, maxLength)}…` : full;
}
