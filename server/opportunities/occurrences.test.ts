import { describe, expect, it } from 'vitest';
import { fromWall, isoWithOffset, nextOccurrences } from './occurrences.ts';

const AMS = 'Europe/Amsterdam';

describe('nextOccurrences', () => {
  it('keeps a weekly class at the same wall time across the end of summer time', () => {
    // Tuesdays 10:00 in Amsterdam; DST ends Sunday 2026-10-25.
    const occ = nextOccurrences(
      { dtstart: '2026-09-01T10:00', duration_minutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU', timezone: AMS },
      Date.parse('2026-10-15T00:00:00Z'),
      3,
    );
    expect(occ.map((o) => o.start)).toEqual([
      '2026-10-20T10:00:00+02:00',
      '2026-10-27T10:00:00+01:00',
      '2026-11-03T10:00:00+01:00',
    ]);
    expect(occ[0]?.end).toBe('2026-10-20T11:00:00+02:00');
  });

  it('includes an occurrence that is under way and skips the ones that ended', () => {
    const s = { dtstart: '2026-11-02 18:00', duration_minutes: 90, rrule: 'FREQ=DAILY', timezone: AMS };
    const now = Date.parse('2026-11-05T17:30:00Z'); // 18:30 local: the 18:00 session is on
    expect(nextOccurrences(s, now, 2).map((o) => o.start)).toEqual([
      '2026-11-05T18:00:00+01:00',
      '2026-11-06T18:00:00+01:00',
    ]);
  });

  it('hides a one-off event once it has ended', () => {
    const s = { dtstart: '2026-12-05T14:00', duration_minutes: 120, rrule: null, timezone: AMS };
    expect(nextOccurrences(s, Date.parse('2026-12-01T00:00:00Z'))).toHaveLength(1);
    expect(nextOccurrences(s, Date.parse('2026-12-05T16:30:00Z'))).toHaveLength(0);
  });

  it('honours COUNT and UNTIL', () => {
    const s = {
      dtstart: '2026-11-01T09:00',
      duration_minutes: 30,
      rrule: 'FREQ=WEEKLY;COUNT=2',
      timezone: AMS,
    };
    expect(nextOccurrences(s, Date.parse('2026-10-01T00:00:00Z'), 5)).toHaveLength(2);
  });
});

describe('time zone conversion', () => {
  it('places a wall time skipped by the spring-forward gap just after it', () => {
    // 2027-03-28 02:30 does not exist in Amsterdam; clocks jump from 02:00 to 03:00.
    const t = fromWall(Date.UTC(2027, 2, 28, 2, 30), AMS);
    expect(isoWithOffset(t, AMS)).toBe('2027-03-28T03:30:00+02:00');
  });
  it('formats negative offsets', () => {
    expect(isoWithOffset(Date.parse('2026-07-01T12:00:00Z'), 'America/Vancouver')).toBe(
      '2026-07-01T05:00:00-07:00',
    );
  });
});
