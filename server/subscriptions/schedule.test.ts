import { describe, expect, it } from 'vitest';
import { lastSlot, localDate } from './schedule.ts';

const monday7 = { weekday: 1, hour: 7 };

describe('digest schedule', () => {
  it('finds the latest weekly slot on the tenant clock', () => {
    // Wednesday 2 December 2026, 14:00 in Jerusalem (UTC+2) → Monday 30 November 07:00 local
    expect(
      new Date(
        lastSlot(Date.parse('2026-12-02T12:00:00Z'), 'Asia/Jerusalem', 'weekly', monday7),
      ).toISOString(),
    ).toBe('2026-11-30T05:00:00.000Z');
    // Monday 06:59 local is before that day's slot: the previous Monday
    expect(
      new Date(
        lastSlot(Date.parse('2026-11-30T04:59:00Z'), 'Asia/Jerusalem', 'weekly', monday7),
      ).toISOString(),
    ).toBe('2026-11-23T05:00:00.000Z');
    // Sunday = 7
    expect(
      new Date(
        lastSlot(Date.parse('2026-12-07T00:00:00Z'), 'Europe/Warsaw', 'weekly', { weekday: 7, hour: 18 }),
      ).toISOString(),
    ).toBe('2026-12-06T17:00:00.000Z');
  });

  it('finds the latest daily slot, across a DST change', () => {
    expect(
      new Date(
        lastSlot(Date.parse('2026-12-02T04:00:00Z'), 'Asia/Jerusalem', 'daily', monday7),
      ).toISOString(),
    ).toBe('2026-12-01T05:00:00.000Z');
    // New York moved to UTC-4 on 8 March 2026: 07:00 local is 11:00Z on the 9th, 12:00Z on the 7th
    expect(
      new Date(
        lastSlot(Date.parse('2026-03-09T12:00:00Z'), 'America/New_York', 'daily', monday7),
      ).toISOString(),
    ).toBe('2026-03-09T11:00:00.000Z');
    expect(
      new Date(
        lastSlot(Date.parse('2026-03-07T13:00:00Z'), 'America/New_York', 'daily', monday7),
      ).toISOString(),
    ).toBe('2026-03-07T12:00:00.000Z');
  });

  it('names the local date', () => {
    expect(localDate(Date.parse('2026-12-02T23:30:00Z'), 'Asia/Jerusalem')).toBe('2026-12-03');
    expect(localDate(Date.parse('2026-12-02T23:30:00Z'), 'America/Vancouver')).toBe('2026-12-02');
  });
});
