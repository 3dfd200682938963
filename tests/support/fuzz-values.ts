/**
 * Hostile values for the property-based API tests (tests/fuzz): strings, numbers, coordinates,
 * dates and URL encodings an attacker or a broken client sends. Each pool is small and named so a
 * failing case reads as what it is.
 */
import fc from 'fast-check';

/** 100 KB of text, built once */
const HUGE = 'x'.repeat(100 * 1024);

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'ab\u0000cd',
  '\u0000'.repeat(64),
  '\ud800', // lone high surrogate
  'a\udfffb', // lone low surrogate
  '\u202eevil\u202c', // right-to-left override
  '\u2067isolate\u2069', // right-to-left isolate
  '\u200f\u200e\u061c',
  '\ufeff\ufffe\uffff',
  "' OR 1=1 --",
  "'; DROP TABLE place; --",
  '" OR ""="',
  '1; SELECT pg_sleep(30)',
  "') UNION SELECT password FROM pg_shadow --",
  '$1',
  '%s%s%s%n',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.json',
  '$' + '{jndi:ldap://x}', // a log4j lookup, kept out of a template literal
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '[]',
  '{}',
  '\r\nX-Injected: 1',
  '\t\n\r\v\f',
  '🏳️‍🌈👨‍👩‍👧‍👦',
  'Zażółć gęślą jaźń',
  'שלום עולם',
  'Привіт',
  HUGE,
  `${HUGE}\u0000`,
  '\u0301'.repeat(2000), // combining marks
];

/** numbers as they arrive in a query string: text, so NaN and friends survive */
export const HOSTILE_NUMBERS: readonly string[] = [
  'NaN',
  'Infinity',
  '-Infinity',
  '+Infinity',
  '1e308',
  '-1e308',
  '1e309',
  '5e-324',
  '-0',
  '0',
  '-1',
  '0.5',
  '1.5',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '9'.repeat(400),
  '0x10',
  '1_000',
  '1,5',
  ' 1',
  '1 ',
  '',
  'e',
  '1e',
  '--1',
  'true',
];

export const HOSTILE_COORDINATES: readonly string[] = [
  ...HOSTILE_NUMBERS,
  '90.0000001',
  '-90.0000001',
  '180.0000001',
  '-180.0000001',
  '95',
  '-95',
  '181',
  '360',
  '-720',
  '90',
  '-90',
  '180',
  '-180',
];

export const HOSTILE_BBOXES: readonly string[] = [
  '-180,-90,180,90', // the world
  '-180,-85,180,85',
  '3.55,54.53,3.45,54.48', // inverted
  '3.45,54.53,3.55,54.48',
  '3.5,54.5,3.5,54.5', // empty
  '179,-10,-179,10', // across the antimeridian
  '-181,-91,181,91',
  'NaN,NaN,NaN,NaN',
  'Infinity,-Infinity,Infinity,-Infinity',
  '1e308,1e308,1e308,1e308',
  '-0,-0,0,0',
  '3.45,54.48,3.55',
  '3.45,54.48,3.55,54.53,1',
  ',,,',
  '3.45;54.48;3.55;54.53',
  '3.45,54.48,3.55,54.53 ',
  `${'1,'.repeat(5000)}1`,
];

export const HOSTILE_DATES: readonly string[] = [
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31',
  '0000-01-01T00:00:00Z',
  '0001-01-01',
  '1970-01-01T00:00:00Z',
  '2026-02-30',
  '2026-13-01',
  '2026-00-00',
  '2026-12-02T25:61:61Z',
  '2026-12-02T10:00:00+99:99',
  '2026-12-02T10:00:00',
  '2026-12-02',
  '20261202T100000Z',
  'yesterday',
  '1e308',
  '-1',
];

/** raw pieces of a query string that no encoder would produce */
export const RAW_QUERY_GARBAGE: readonly string[] = [
  '%zz',
  '%',
  '%0',
  '%00',
  '%ED%A0%80', // a surrogate in CESU-8: invalid UTF-8
  '%FF%FE',
  '%C0%AF', // overlong '/'
  '%E2%80%AE', // U+202E
  '+++',
  '&&&',
  '=',
  '==',
  '?',
  '#',
  ';',
];

/**
 * Percent-encodes a value for a URL, like encodeURIComponent, but lone surrogates (which
 * encodeURIComponent refuses) are sent as the three bytes a careless encoder would produce.
 */
export function encodeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    } else {
      out += encodeURIComponent(value[i] as string);
    }
  }
  return out;
}

/** a hostile text value: from the pools, or random unicode (with control characters) */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('\u0000', '\u202e', "'", '"', '<', '%', '\\', '/', 'a'),
      maxLength: 30,
    }),
  },
);

/** what the demo town looks like, for values that must be plausible to get past validation */
export const TOWN = { minLon: 3.45, minLat: 54.48, maxLon: 3.55, maxLat: 54.53 } as const;

export const townLon = fc.double({ min: TOWN.minLon, max: TOWN.maxLon, noNaN: true });
export const townLat = fc.double({ min: TOWN.minLat, max: TOWN.maxLat, noNaN: true });

export const townBbox: fc.Arbitrary<string> = fc
  .tuple(townLon, townLat, townLon, townLat)
  .map(([a, b, c, d]) =>
    [Math.min(a, c), Math.min(b, d), Math.max(a, c) + 1e-4, Math.max(b, d) + 1e-4].join(','),
  );

/** an ISO instant some days around now, as a resident's calendar link would carry */
export const plausibleInstant: fc.Arbitrary<string> = fc.integer({ min: -30, max: 400 }).chain((days) =>
  fc.integer({ min: 0, max: 23 }).map((h) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(h, 0, 0, 0);
    return d.toISOString();
  }),
);

export const plausibleDate: fc.Arbitrary<string> = plausibleInstant.map((s) => s.slice(0, 10));
