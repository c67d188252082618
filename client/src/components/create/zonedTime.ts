// From a wall-clock reading in a named zone to the instant it means. The reverse of `localTime`
// in src/lib/time.ts, needed where people type times "in the event's zone".
import { offsetMinutes } from '../../lib';

const MINUTE = 60_000;

/**
 * The UTC instant of `date` `time` on the wall clocks of `zone`. Two passes, because the offset
 * depends on the instant we are looking for: guess with the offset at the naive reading, then
 * correct with the offset at the guess. In a spring-forward gap the answer lands just after it.
 */
export function zonedToUtc(date: string, time: string, zone: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const guess = wall - offsetMinutes(wall, zone) * MINUTE;
  return new Date(wall - offsetMinutes(guess, zone) * MINUTE);
}

/** `2026-12-04T18:00` (a datetime-local value) read in `zone`. */
export function localInputToUtc(value: string, zone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match ? zonedToUtc(match[1]!, match[2]!, zone) : null;
}

/** The calendar day after `date` (`YYYY-MM-DD`), in UTC arithmetic so no zone can shift it. */
export function nextDate(date: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
