// Busy time from an iCalendar file, parsed in the browser by ical.js: nothing is uploaded. Handles
// what Google, Apple and Outlook exports carry: recurring events (RRULE with EXDATE, and moved or
// cancelled occurrences through RECURRENCE-ID), all-day events, and times in a zone, whether the
// file defines it (VTIMEZONE, Outlook's "W. Europe Standard Time") or just names an IANA zone.
// Only occurrences inside the event's span are expanded, with a cap, so a daily rule from 2009
// costs a bounded loop.
import ICAL from 'ical.js';
import { isValidZone, zonedToUtc } from '..';
import { mergeIntervals, type Interval } from './busy';

export type IcsProblem = 'malformed' | 'notCalendar' | 'tooBig';

export type IcsResult =
  | { ok: true; busy: Interval[]; /** Calendar entries that fell inside the window. */ events: number }
  | { ok: false; problem: IcsProblem; detail?: string };

/** Bigger than any personal calendar export we have seen; past it, something else was picked. */
export const MAX_ICS_BYTES = 10 * 1024 * 1024;
/** Occurrences stepped through per recurring event before giving up on reaching the window. */
const MAX_STEPS = 20_000;

type Time = InstanceType<typeof ICAL.Time>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type Component = InstanceType<typeof ICAL.Component>;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Epoch ms of an iCalendar time. Dates (all-day) and floating times are the person's own wall
 * clock (`zone`); a TZID that neither the file nor ical.js knows, but that is an IANA name, is
 * read in that zone rather than silently floated.
 */
function instantOf(time: Time, tzid: string | null, zone: string): number {
  const date = `${String(time.year).padStart(4, '0')}-${pad(time.month)}-${pad(time.day)}`;
  if (time.isDate) return zonedToUtc(date, '00:00', zone).getTime();
  const known = time.zone?.tzid;
  if (known && known !== 'floating') return time.toUnixTime() * 1000;
  const wallZone = tzid && isValidZone(tzid) ? tzid : zone;
  return zonedToUtc(date, `${pad(time.hour)}:${pad(time.minute)}`, wallZone).getTime() + time.second * 1000;
}

/** Whether an entry leaves the person free: cancelled, or marked "show as available". */
function isFree(component: Component): boolean {
  const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  const transp = String(component.getFirstPropertyValue('transp') ?? '').toUpperCase();
  return status === 'CANCELLED' || transp === 'TRANSPARENT';
}

function tzidOf(component: Component): string | null {
  const param = component.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof param === 'string' ? param : null;
}

/** One occurrence's interval; all-day events without an end last their one day (RFC 5545 3.6.1). */
function span(start: Time, end: Time | null, tzid: string | null, zone: string): Interval {
  const from = instantOf(start, tzid, zone);
  if (end) return { start: from, end: instantOf(end, tzid, zone) };
  if (start.isDate) {
    const next = start.clone();
    next.adjust(1, 0, 0, 0);
    return { start: from, end: instantOf(next, tzid, zone) };
  }
  return { start: from, end: from };
}

function busyOfEvent(event: IcalEvent, window: Interval, zone: string, into: Interval[]): void {
  const tzid = tzidOf(event.component);
  if (!event.isRecurring()) {
    if (isFree(event.component) || !event.startDate) return;
    const interval = span(event.startDate, event.endDate ?? null, tzid, zone);
    if (interval.start < window.end && interval.end > window.start) into.push(interval);
    return;
  }
  const iterator = event.iterator();
  for (let steps = 0; steps < MAX_STEPS; steps++) {
    const next = iterator.next();
    if (!next) return;
    const details = event.getOccurrenceDetails(next);
    const item = details.item as IcalEvent;
    const itemTzid = item === event ? tzid : (tzidOf(item.component) ?? tzid);
    const interval = span(details.startDate, details.endDate ?? null, itemTzid, zone);
    // Occurrences come in order of their original start; a moved one may land anywhere, so the
    // loop stops on the original time, not the moved one.
    if (instantOf(next, tzid, zone) >= window.end && interval.start >= window.end) return;
    if (isFree(item.component)) continue;
    if (interval.start < window.end && interval.end > window.start) into.push(interval);
  }
}

/** Parses `text` and returns the busy time inside `window`, in the reader's `zone` for floating times. */
export function busyFromIcs(text: string, window: Interval, zone: string): IcsResult {
  if (text.length > MAX_ICS_BYTES) return { ok: false, problem: 'tooBig' };
  let roots: Component[];
  try {
    const parsed = ICAL.parse(text) as unknown[];
    // One calendar parses to a jCal component; several, to a list of them.
    const list = Array.isArray(parsed[0]) ? (parsed as unknown[][]) : [parsed];
    roots = list.map((jcal) => new ICAL.Component(jcal as never));
  } catch (error) {
    return { ok: false, problem: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  }
  const calendars = roots.filter((root) => root.name === 'vcalendar');
  if (calendars.length === 0) return { ok: false, problem: 'notCalendar' };

  // Zones are a registry in ical.js: start clean, so one file's "Eastern" cannot bend another's.
  ICAL.TimezoneService.reset();
  try {
    for (const calendar of calendars) {
      for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
    }
    const busy: Interval[] = [];
    let events = 0;
    for (const calendar of calendars) {
      const vevents = calendar.getAllSubcomponents('vevent');
      const masters = new Map<string, IcalEvent>();
      const exceptions: IcalEvent[] = [];
      for (const vevent of vevents) {
        const event = new ICAL.Event(vevent);
        if (event.isRecurrenceException()) exceptions.push(event);
        else masters.set(event.uid ?? `#${masters.size}`, event);
      }
      // A moved or cancelled occurrence belongs to its series; one without a series stands alone.
      const orphans: IcalEvent[] = [];
      for (const exception of exceptions) {
        const master = exception.uid ? masters.get(exception.uid) : undefined;
        if (master?.isRecurring()) master.relateException(exception);
        else orphans.push(exception);
      }
      for (const event of [...masters.values(), ...orphans]) {
        const before = busy.length;
        busyOfEvent(event, window, zone, busy);
        if (busy.length > before) events += 1;
      }
    }
    return { ok: true, busy: mergeIntervals(busy), events };
  } catch (error) {
    // ical.js throws on values it cannot read (a DTSTART of "tomorrow", say) only when asked for them.
    return { ok: false, problem: 'malformed', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    ICAL.TimezoneService.reset();
  }
}
