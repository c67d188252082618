import { formatDay, formatRange, localTime, type Event, type Slot } from '../../lib';
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
