/**
 * "Open now", "opens at 9:00 tomorrow": OSM `opening_hours` evaluated with the maintained
 * opening_hours library, on the tenant's wall clock. The library works in the process's local
 * time, so the tenant's wall time is handed to it as a local Date and its answers read back the
 * same way.
 */
import OpeningHours from 'opening_hours';
import { fromWall, isoWithOffset, toWall } from '../opportunities/occurrences.ts';

export interface OpeningState {
  /** null when the hours cannot be read or depend on something unknown */
  open_now: boolean | null;
  /** when it next opens or closes, ISO 8601 with the zone's offset */
  next_change: string | null;
  /** the hours could not be parsed */
  unparsed?: boolean;
}

const asLocal = (wall: number) => {
  const d = new Date(wall);
  return new Date(
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
};
const fromLocal = (d: Date) =>
  Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());

export function openingState(hours: string | null, tz: string, now = Date.now()): OpeningState | null {
  if (!hours) return null;
  let oh: OpeningHours;
  try {
    oh = new OpeningHours(hours, null, 0);
  } catch {
    return { open_now: null, next_change: null, unparsed: true };
  }
  const local = asLocal(toWall(now, tz));
  const unknown = oh.getUnknown(local);
  const next = oh.getNextChange(local);
  return {
    open_now: unknown ? null : oh.getState(local),
    next_change: next ? isoWithOffset(fromWall(fromLocal(next), tz), tz) : null,
  };
}
