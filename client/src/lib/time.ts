// Time-zone display with Intl only: the browser's zone database handles DST and the odd offsets
// (Asia/Kathmandu is +05:45). Nothing here reads the machine's local zone through `Date` getters:
// the display zone is always explicit, which is why the tests run in Kathmandu.
import { russianCity } from './zoneNames';
import type { Lang } from '../i18n';

/** A calendar day, `YYYY-MM-DD`. */
export type DateKey = string;

/** Wall-clock reading of an instant in a zone. */
export interface LocalTime {
  date: DateKey;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Intl formatters are slow to build and these run for every grid cell, so they are cached. */
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

/** ICU still reports a few zones by names IANA has since replaced; people know the new ones. */
const RENAMED_ZONES: Record<string, string> = {
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Rangoon': 'Asia/Yangon',
  'Europe/Kiev': 'Europe/Kyiv',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
};

/** A zone by its current IANA name (`Asia/Katmandu` → `Asia/Kathmandu`). */
export function canonicalZone(zone: string): string {
  return RENAMED_ZONES[zone] ?? zone;
}

/** The viewer's zone, from the browser, by its current IANA name. */
export function viewerZone(): string {
  return canonicalZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const toMs = (instant: string | number | Date) =>
  typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();

function wallClock(ms: number, zone: string) {
  const parts = formatter('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** Where an instant falls on the wall clock of `zone`. */
export function localTime(instant: string | number | Date, zone: string): LocalTime {
  const w = wallClock(toMs(instant), zone);
  const date = `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  return { date, minute: w.hour * 60 + w.minute };
}

/** The zone's offset from UTC at that instant, in minutes (+345 in Kathmandu). */
export function offsetMinutes(instant: string | number | Date, zone: string): number {
  const ms = toMs(instant);
  const w = wallClock(ms, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - (ms - (ms % 1000))) / MINUTE);
}

export function addDays(date: DateKey, days: number): DateKey {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + days * DAY).toISOString().slice(0, 10);
}

/** Intl locale per app language. English uses en-GB for its 24-hour clock, which keeps the grid's time column narrow on phones. */
export function localeOf(lang: Lang): string {
  return lang === 'ru' ? 'ru-RU' : 'en-GB';
}

/** A calendar day's label ("Fri 4 Dec" / "пт, 4 дек."); zone-free, because a date key is already local. */
export function formatDay(date: DateKey, lang: Lang, style: 'short' | 'long' = 'short'): string {
  const [y, m, d] = date.split('-').map(Number);
  const noon = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12);
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }
      : { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long' };
  return formatter(localeOf(lang), options).format(noon);
}

export function formatTime(instant: string | number | Date, zone: string, lang: Lang): string {
  return formatter(localeOf(lang), { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toMs(instant));
}

/** One instant with its day: "Fri 4 Dec, 18:00" (a deadline, a comment's time). */
export function formatInstant(instant: string | number | Date, zone: string, lang: Lang): string {
  return `${formatDay(localTime(instant, zone).date, lang)}, ${formatTime(instant, zone, lang)}`;
}

/**
 * A slot as people say it: "Fri 4 Dec, 18:00–18:30", or with both days when it crosses midnight
 * in the display zone ("Fri 4 Dec, 23:30 – Sat 5 Dec, 00:30").
 */
export function formatRange(start: string, end: string, zone: string, lang: Lang): string {
  const from = localTime(start, zone);
  // An end at exactly midnight belongs to the day it closes, not the next one.
  const to = localTime(toMs(end) - 1, zone);
  const startText = `${formatDay(from.date, lang)}, ${formatTime(start, zone, lang)}`;
  if (from.date === to.date) return `${startText}–${formatTime(end, zone, lang)}`;
  return `${startText} – ${formatDay(localTime(end, zone).date, lang)}, ${formatTime(end, zone, lang)}`;
}

/** "GMT+5:45" style offset name for a zone, as the viewer's language writes it. */
export function formatOffset(zone: string, lang: Lang, at: string | number | Date = Date.now()): string {
  try {
    const parts = formatter(localeOf(lang), { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(toMs(at));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/** "Kathmandu" from "Asia/Kathmandu" ("Катманду" in Russian): the city is what people recognise. */
export function zoneCity(zone: string, lang: Lang = 'en'): string {
  return (lang === 'ru' ? russianCity(zone) : undefined) ?? (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}

/**
 * The UTC instant of `date` `time` (`YYYY-MM-DD`, `HH:MM`) on the wall clocks of `zone`: the
 * reverse of `localTime`, for times people type "in the event's zone". Two passes, because the
 * offset depends on the instant we are looking for: guess with the offset at the naive reading,
 * then correct with the offset at the guess. In a spring-forward gap the answer lands just after it.
 */
export function zonedToUtc(date: DateKey, time: string, zone: string): Date {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const guess = wall - offsetMinutes(wall, zone) * MINUTE;
  return new Date(wall - offsetMinutes(guess, zone) * MINUTE);
}

/** `2026-12-04T18:00` (a datetime-local style value) read in `zone`; null when it is not one. */
export function localInputToUtc(value: string, zone: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match ? zonedToUtc(match[1]!, match[2]!, zone) : null;
}
