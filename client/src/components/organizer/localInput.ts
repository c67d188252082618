import { localTime } from '../../lib';

/** An instant as a datetime-local value (`2026-12-03T20:00`) on the wall clocks of `zone`. */
export function utcToLocalInput(instant: string | null | undefined, zone: string): string {
  if (!instant) return '';
  const { date, minute } = localTime(instant, zone);
  return `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
