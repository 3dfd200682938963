/**
 * Links in imported data are shown to residents as live links (website, registration, contact).
 * Only http, https, mailto and tel are stored; anything else (javascript:, data:, file:, ftp:…) is
 * dropped from the record — the row itself is still imported — with a note naming the row and the
 * field. A web address written without its scheme ("www.example.org") is stored as https.
 */
import type { ImportRecord, RowIssue, SourceRef } from './records.ts';

export const ALLOWED_URL_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'] as const;

/** a field of `contact` or `registration` that holds a link */
const LINK_KEY = /url|website|web|link|homepage|href/i;

/** a character below U+0020 or DEL */
export const hasControl = (v: string) =>
  [...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** `{ url }` when the value may be stored (perhaps normalised), else `{ problem }` */
export function checkUrl(value: string): { url: string } | { problem: string } {
  // control characters and white space inside a scheme are how filters are usually slipped past
  const v = value.trim();
  if (v === '') return { problem: 'empty' };
  if (hasControl(v)) return { problem: 'it contains control characters' };
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(v);
  // "www.example.org:8080/x" is a host and port, not a scheme
  const hostPort = m?.[1]?.includes('.') && /^\d/.test(v.slice(m[0].length));
  const scheme = hostPort ? undefined : m?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // no scheme: a bare web address
    if (/^(www\.|[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|\?|#|$))/i.test(v) && !/\s/.test(v)) {
      return checkUrl(`https://${v}`);
    }
    return { problem: 'it is not a web address (no scheme such as https://)' };
  }
  if (!(ALLOWED_URL_SCHEMES as readonly string[]).includes(`${scheme}:`))
    return { problem: `the scheme "${scheme}:" is not allowed (only http, https, mailto, tel)` };
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    return { problem: 'it cannot be read as a URL' };
  }
  if ((scheme === 'http' || scheme === 'https') && !parsed.hostname) return { problem: 'it has no host' };
  return { url: v };
}

function cleanLinks(
  values: Record<string, unknown> | undefined,
  where: string,
  ref: SourceRef,
  notes: RowIssue[],
  all = false,
): void {
  if (!values) return;
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string' || !(all || LINK_KEY.test(k))) continue;
    const r = checkUrl(v);
    if ('url' in r) {
      values[k] = r.url;
      continue;
    }
    delete values[k];
    notes.push({
      ref,
      reason: `${where}.${k} "${v.length > 80 ? `${v.slice(0, 80)}…` : v}" dropped: ${r.problem}`,
      severity: 'warning',
    });
  }
}

/**
 * Makes every link of a record safe to show, in place; returns a note per dropped link. Applied to
 * what every importer produces (GeoJSON, CSV, HSDS, iCalendar, OpenStreetMap, the town format).
 */
export function sanitizeUrls(r: ImportRecord): RowIssue[] {
  const notes: RowIssue[] = [];
  if (r.type === 'place' || r.type === 'opportunity') {
    cleanLinks(r.contact, 'contact', r.ref, notes);
  }
  if (r.type === 'opportunity') {
    cleanLinks(r.registration, 'registration', r.ref, notes);
  }
  return notes;
}
