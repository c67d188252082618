// The calendar's arithmetic on `YYYY-MM-DD` keys, done in UTC so the machine's zone (Kathmandu in
// tests) can never shift a day.
import { addDays } from '../../lib';

export interface MonthRef {
  year: number;
  /** 1–12. */
  month: number;
}

export interface CalendarDay {
  date: string;
  /** Belongs to the month before or after, shown to fill the first and last week. */
  outside: boolean;
}

const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

export function monthOf(date: string): MonthRef {
  const [year = 1970, month = 1] = date.split('-').map(Number);
  return { year, month };
}

export function shiftMonth(ref: MonthRef, by: number): MonthRef {
  const index = ref.year * 12 + (ref.month - 1) + by;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function firstOfMonth(ref: MonthRef): string {
  return `${String(ref.year).padStart(4, '0')}-${String(ref.month).padStart(2, '0')}-01`;
}

/** Whole weeks (Monday first) covering the month. */
export function monthWeeks(ref: MonthRef): CalendarDay[][] {
  const first = firstOfMonth(ref);
  const lead = (dayOfWeek(first) + 6) % 7;
  const weeks: CalendarDay[][] = [];
  let date = addDays(first, -lead);
  const next = firstOfMonth(shiftMonth(ref, 1));
  while (date < next) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date, outside: !date.startsWith(first.slice(0, 7)) });
      date = addDays(date, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** Where a key press moves the focused day; null for keys the calendar does not handle. */
export function keyMove(date: string, key: string): string | null {
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, -((dayOfWeek(date) + 6) % 7));
    case 'End':
      return addDays(date, 6 - ((dayOfWeek(date) + 6) % 7));
    case 'PageUp':
    case 'PageDown':
      return sameDayInMonth(date, key === 'PageUp' ? -1 : 1);
    default:
      return null;
  }
}

/** The same day of the month `by` months away, clamped to that month's length (31 Jan → 28 Feb). */
function sameDayInMonth(date: string, by: number): string {
  const target = shiftMonth(monthOf(date), by);
  const day = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(target.year, target.month, 0)).getUTCDate();
  return `${firstOfMonth(target).slice(0, 8)}${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}
