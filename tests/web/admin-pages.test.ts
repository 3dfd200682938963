/**
 * The back office pages' own logic: an audit entry's previous and new values as rows (changed
 * first, each marked changed / new / removed / unchanged), and the audit page's inclusive "until"
 * date turned into the API's exclusive `to`.
 */
import { describe, expect, it } from 'vitest';
import { diffRows } from '../../web/admin/audit/diff.ts';
import { untilParam } from '../../web/admin/common/api.ts';

describe('audit diff rows', () => {
  it('marks each field and puts the changed ones first', () => {
    const rows = diffRows(
      { name: 'Old', slug: 'same', home: { zoom: 12, center: [1, 2] }, gone: 'x' },
      { name: 'New', slug: 'same', home: { zoom: 13, center: [1, 2] }, contact: null },
    );
    expect(rows.map((r) => [r.key, r.change])).toEqual([
      ['name', 'changed'],
      ['home', 'changed'],
      ['gone', 'removed'],
      ['contact', 'added'],
      ['slug', 'unchanged'],
    ]);
    expect(rows[0]).toMatchObject({ before: 'Old', after: 'New' });
    expect(rows[1]?.after).toContain('"zoom": 13');
    expect(rows[3]).toMatchObject({ before: '', after: 'null' });
  });

  it('shows a creation as every field new, a deletion as every field removed', () => {
    expect(diffRows(null, { a: 1 }).map((r) => r.change)).toEqual(['added']);
    expect(diffRows({ a: 1 }, null).map((r) => r.change)).toEqual(['removed']);
    expect(diffRows(null, null)).toEqual([]);
  });
});

describe('the audit page until date', () => {
  it('asks the API for entries before the next day, across month and year ends', () => {
    expect(untilParam('2026-12-06')).toBe('2026-12-07');
    expect(untilParam('2026-02-28')).toBe('2026-03-01');
    expect(untilParam('2026-12-31')).toBe('2027-01-01');
    expect(untilParam('2026-12-06T08:00:00Z')).toBe('2026-12-06T08:00:00Z');
    expect(untilParam(undefined)).toBeUndefined();
  });
});
