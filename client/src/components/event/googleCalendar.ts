// The "add to Google Calendar" link for a finalised plan. Google takes UTC stamps
// (20261204T150000Z/20261204T180000Z), or bare dates with an exclusive end for all-day events.
import { localTime } from '../../lib';

export interface CalendarEntry {
  title: string;
  start: string;
  end: string;
  details?: string;
  location?: string;
  /** All-day in this zone: the dates are read there, not in UTC. */
  allDayIn?: string;
}

const utcStamp = (instant: string) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const dateStamp = (instant: string, zone: string) => localTime(instant, zone).date.replace(/-/g, '');

export function googleCalendarUrl(entry: CalendarEntry): string {
  const dates = entry.allDayIn
    ? `${dateStamp(entry.start, entry.allDayIn)}/${dateStamp(entry.end, entry.allDayIn)}`
    : `${utcStamp(entry.start)}/${utcStamp(entry.end)}`;
  const params = new URLSearchParams({ action: 'TEMPLATE', text: entry.title, dates });
  if (entry.details) params.set('details', entry.details);
  if (entry.location) params.set('location', entry.location);
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}
