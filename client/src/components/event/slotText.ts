import { formatDay, formatRange, formatTime, localTime, type Event, type Slot } from '../../lib';
import type { Lang } from '../../i18n';

/** Whole-day events are about days, so their slots read as days (in the event's own zone). */
export function isWholeDayEvent(event: Pick<Event, 'grid'>): boolean {
  return !!event.grid && !event.grid.from && !event.grid.to;
}

/** A slot as people say it: "Fri 4 Dec, 18:00–18:30" in `zone`, or "Friday 4 December" for a whole day. */
export function slotText(event: Pick<Event, 'grid' | 'timezone'>, slot: Pick<Slot, 'start' | 'end'>, zone: string, lang: Lang): string {
  if (isWholeDayEvent(event)) return formatDay(localTime(slot.start, event.timezone).date, lang, 'long');
  return formatRange(slot.start, slot.end, zone, lang);
}

/**
 * A run of time split for narrow screens: the day and the hours, each kept on one line, so a
 * phone shows "Fri 4 Dec" over "18:30–20:00" instead of breaking in the middle of a time.
 */
export function rangeParts(
  event: Pick<Event, 'grid' | 'timezone'>,
  range: Pick<Slot, 'start' | 'end'>,
  zone: string,
  lang: Lang,
): { day: string; hours: string | null } {
  if (isWholeDayEvent(event)) return { day: formatDay(localTime(range.start, event.timezone).date, lang, 'long'), hours: null };
  return { day: formatDay(localTime(range.start, zone).date, lang), hours: `${formatTime(range.start, zone, lang)}–${formatTime(range.end, zone, lang)}` };
}
