/** The schedules of an opportunity row: the imported list, else the main schedule's columns. */
import type { ScheduleRecord } from '../import/records.ts';
import type { Schedule } from './occurrences.ts';

export interface ScheduleColumns {
  schedules: ScheduleRecord[];
  dtstart: string | null;
  duration_minutes: number | null;
  rrule: string | null;
  timezone: string | null;
}

/** every schedule of an opportunity row: the imported list, else the main schedule's columns */
export function schedulesOf(r: ScheduleColumns, tz: string): Schedule[] {
  if (r.schedules?.length) {
    return r.schedules.map((s) => ({
      dtstart: s.dtstart,
      duration_minutes: s.durationMinutes,
      rrule: s.rrule,
      timezone: s.timezone ?? tz,
      ...(s.exdates ? { exdates: s.exdates } : {}),
    }));
  }
  if (r.dtstart && r.duration_minutes) {
    return [
      {
        dtstart: r.dtstart.replace(' ', 'T'),
        duration_minutes: r.duration_minutes,
        rrule: r.rrule,
        timezone: r.timezone ?? tz,
      },
    ];
  }
  return [];
}
