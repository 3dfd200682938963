/**
 * Links from imported content are live only for http, https, mailto and tel: a `data:` or
 * `javascript:` URL in a program's registration or a place's website is shown as text, never as
 * an href (issue 10, defect 9). Rendered with react-dom/server, as the app renders them.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { OpportunityDetail, PlaceDetail } from '../../web/api.ts';
import { OpportunityBody, PlaceBody } from '../../web/panels/Details.tsx';
import { SafeLink } from '../../web/SafeLink.tsx';
import { safeHref, WEB_SCHEMES } from '../../web/safe-url.ts';

const HOSTILE = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://example.org/1234',
  '//evil.example/path',
  '/relative/path',
  'https://',
  '\u0000javascript:alert(1)',
];

const SAFE = [
  ['https://example.org/register?x=1', 'https://example.org/register?x=1'],
  ['http://example.org', 'http://example.org/'],
  ['mailto:garden@example.org', 'mailto:garden@example.org'],
  ['tel:+441234567890', 'tel:+441234567890'],
];

/** every href attribute of some HTML */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('safeHref', () => {
  it.each(HOSTILE)('refuses %j', (url) => {
    expect(safeHref(url)).toBeNull();
  });
  it.each(SAFE)('keeps %j', (url, href) => {
    expect(safeHref(url)).toBe(href);
  });
  it('refuses non-strings and huge values', () => {
    expect(safeHref(undefined)).toBeNull();
    expect(safeHref(42)).toBeNull();
    expect(safeHref(`https://example.org/${'a'.repeat(3000)}`)).toBeNull();
  });
  it('can be narrowed to web links (the kiosk QR codes)', () => {
    expect(safeHref('https://example.org', WEB_SCHEMES)).toBe('https://example.org/');
    expect(safeHref('tel:123', WEB_SCHEMES)).toBeNull();
  });
});

describe('SafeLink', () => {
  it('renders hostile URLs as text, not as links', () => {
    for (const url of HOSTILE) {
      const html = renderToString(createElement(SafeLink, { url, external: true }, 'Website'));
      expect(html, url).not.toContain('<a');
      expect(hrefs(html)).toEqual([]);
    }
  });
  it('renders safe URLs as links', () => {
    const html = renderToString(createElement(SafeLink, { url: 'https://example.org/x', external: true }, 'Website'));
    expect(hrefs(html)).toEqual(['https://example.org/x']);
    expect(html).toContain('rel="noopener noreferrer"');
  });
});

function opportunity(registration: Record<string, unknown>): OpportunityDetail {
  const detail = {
    id: '00000000-0000-5000-8000-000000000001',
    title: 'Allotment open day',
    description: null,
    next_occurrences: [],
    place: null,
    audiences: ['families'],
    age_min: null,
    age_max: null,
    languages: ['en'],
    cost: { free: true },
    registration: { required: true, ...registration },
    categories: ['gardening'],
  };
  return detail as unknown as OpportunityDetail; // only the fields the view reads
}

function place(contact: Record<string, unknown>): PlaceDetail {
  const detail = {
    id: '00000000-0000-5000-8000-000000000002',
    name: 'Kestrel Gardens',
    address: null,
    opening_hours: null,
    opening: null,
    attributes: {},
    accessibility: {},
    contact,
    opportunities: [],
  };
  return detail as unknown as PlaceDetail; // only the fields the view reads
}

const noop = () => {};

describe('the details panel', () => {
  it.each(HOSTILE)('shows a program registration link %j as text', (url) => {
    const html = renderToString(createElement(OpportunityBody, { d: opportunity({ url }), timeZone: 'UTC', onOpen: noop }));
    expect(hrefs(html).filter((h) => !h?.startsWith('/api/'))).toEqual([]);
  });

  it.each(HOSTILE)('shows a place website %j as text', (url) => {
    const html = renderToString(createElement(PlaceBody, { d: place({ website: url }), timeZone: 'UTC', onOpen: noop }));
    expect(hrefs(html)).toEqual([]);
  });

  it('keeps safe registration, website and e-mail links', () => {
    const o = renderToString(
      createElement(OpportunityBody, {
        d: opportunity({ url: 'https://example.org/join', email: 'join@example.org' }),
        timeZone: 'UTC',
        onOpen: noop,
      }),
    );
    expect(hrefs(o)).toEqual(['https://example.org/join', 'mailto:join@example.org']);
    const p = renderToString(
      createElement(PlaceBody, {
        d: place({ website: 'https://kestrel.example.org', email: 'hello@example.org', phone: '+44 1234' }),
        timeZone: 'UTC',
        onOpen: noop,
      }),
    );
    expect(hrefs(p)).toEqual(['mailto:hello@example.org', 'https://kestrel.example.org/']);
  });

  it('does not turn a hostile e-mail field into a script link', () => {
    const html = renderToString(
      createElement(OpportunityBody, { d: opportunity({ email: 'x@y.org\njavascript:alert(1)' }), timeZone: 'UTC', onOpen: noop }),
    );
    expect(hrefs(html)).toEqual([]);
  });
});
