import { describe, expect, it } from 'vitest';
import { slot } from '../testing/fixtures';
import { proposeFromBusy } from './busy';
import { busyFromIcs } from './ics';

/** A calendar file from lines (CRLF, as RFC 5545 writes them). */
const ics = (...lines: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Prost tests//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

const DECEMBER = { start: Date.parse('2026-11-30T00:00:00Z'), end: Date.parse('2027-01-31T00:00:00Z') };
const iso = (ms: number) => new Date(ms).toISOString();
const spans = (busy: { start: number; end: number }[]) => busy.map((b) => `${iso(b.start)}/${iso(b.end)}`);

describe('busy time from an .ics file', () => {
  it('expands a weekly RRULE and leaves out its EXDATE', () => {
    const file = ics(
      'BEGIN:VEVENT',
      'UID:gym@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261201T170000Z',
      'DTEND:20261201T180000Z',
      'RRULE:FREQ=WEEKLY;COUNT=6',
      'EXDATE:20261215T170000Z',
      'SUMMARY:Gym',
      'END:VEVENT',
    );
    const result = busyFromIcs(file, DECEMBER, 'Europe/Berlin');
    if (!result.ok) throw new Error(result.problem);
    // COUNT counts the excluded date too (RFC 5545): six generated, one taken out.
    expect(spans(result.busy)).toEqual([
      '2026-12-01T17:00:00.000Z/2026-12-01T18:00:00.000Z',
      '2026-12-08T17:00:00.000Z/2026-12-08T18:00:00.000Z',
      '2026-12-22T17:00:00.000Z/2026-12-22T18:00:00.000Z',
      '2026-12-29T17:00:00.000Z/2026-12-29T18:00:00.000Z',
      '2027-01-05T17:00:00.000Z/2027-01-05T18:00:00.000Z',
    ]);

    const slots = [slot('gym-day', '2026-12-08T17:30:00Z'), slot('skipped', '2026-12-15T17:00:00Z'), slot('after', '2026-12-08T18:00:00Z')];
    const proposal = proposeFromBusy(slots, result.busy);
    expect(proposal.slots).toEqual({ 'gym-day': 'no', skipped: 'yes', after: 'yes' });
    expect([proposal.busy, proposal.free]).toEqual([1, 2]);
  });

  it('moves and cancels single occurrences through RECURRENCE-ID', () => {
    const file = ics(
      'BEGIN:VEVENT',
      'UID:choir@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261202T180000Z',
      'DTEND:20261202T190000Z',
      'RRULE:FREQ=WEEKLY;UNTIL=20261216T235959Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:choir@prost.test',
      'DTSTAMP:20261101T000000Z',
      'RECURRENCE-ID:20261209T180000Z',
      'DTSTART:20261210T180000Z',
      'DTEND:20261210T190000Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:choir@prost.test',
      'DTSTAMP:20261101T000000Z',
      'RECURRENCE-ID:20261216T180000Z',
      'DTSTART:20261216T180000Z',
      'DTEND:20261216T190000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
    );
    const result = busyFromIcs(file, DECEMBER, 'Europe/Berlin');
    if (!result.ok) throw new Error(result.problem);
    expect(spans(result.busy)).toEqual([
      '2026-12-02T18:00:00.000Z/2026-12-02T19:00:00.000Z',
      '2026-12-10T18:00:00.000Z/2026-12-10T19:00:00.000Z',
    ]);
  });

  it('blocks an all-day event for the whole day on the reader’s clock, and skips one shown as free', () => {
    const file = ics(
      'BEGIN:VEVENT',
      'UID:trip@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20261204',
      'DTEND;VALUE=DATE:20261205',
      'SUMMARY:Trip to the brewery',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:birthday@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;VALUE=DATE:20261206',
      'SUMMARY:Someone’s birthday',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
    const result = busyFromIcs(file, DECEMBER, 'Europe/Berlin');
    if (!result.ok) throw new Error(result.problem);
    // Berlin is UTC+1 in December: the local day runs 23:00Z to 23:00Z.
    expect(spans(result.busy)).toEqual(['2026-12-03T23:00:00.000Z/2026-12-04T23:00:00.000Z']);
    expect(result.events).toBe(1);

    const slots = [slot('fri-evening', '2026-12-04T18:00:00Z'), slot('sat-evening', '2026-12-05T18:00:00Z'), slot('sun', '2026-12-06T18:00:00Z')];
    expect(proposeFromBusy(slots, result.busy).slots).toEqual({ 'fri-evening': 'no', 'sat-evening': 'yes', sun: 'yes' });
  });

  it('reads times in another zone, from the file’s VTIMEZONE (Outlook names) or an IANA TZID', () => {
    const file = ics(
      'BEGIN:VTIMEZONE',
      'TZID:Eastern Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16011104T020000',
      'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010311T020000',
      'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:standup@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Eastern Standard Time:20261204T090000',
      'DTEND;TZID=Eastern Standard Time:20261204T100000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:summer@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Eastern Standard Time:20270705T090000',
      'DTEND;TZID=Eastern Standard Time:20270705T093000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:tokyo@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Asia/Tokyo:20261207T200000',
      'DTEND;TZID=Asia/Tokyo:20261207T220000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:floating@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART:20261208T190000',
      'DTEND:20261208T200000',
      'END:VEVENT',
    );
    const result = busyFromIcs(file, { start: DECEMBER.start, end: Date.parse('2027-07-31T00:00:00Z') }, 'Europe/Moscow');
    if (!result.ok) throw new Error(result.problem);
    expect(spans(result.busy)).toEqual([
      // 09:00 in New York in winter (UTC−5).
      '2026-12-04T14:00:00.000Z/2026-12-04T15:00:00.000Z',
      // Asia/Tokyo is not defined in the file: read as the IANA zone (UTC+9), not floated.
      '2026-12-07T11:00:00.000Z/2026-12-07T13:00:00.000Z',
      // Floating: the reader's own clock (Moscow, UTC+3).
      '2026-12-08T16:00:00.000Z/2026-12-08T17:00:00.000Z',
      // The same zone in July, on daylight time (UTC−4), from the file's DAYLIGHT rule.
      '2027-07-05T13:00:00.000Z/2027-07-05T13:30:00.000Z',
    ]);
  });

  it('expands a recurring event in its own zone across a daylight-saving change', () => {
    const file = ics(
      'BEGIN:VEVENT',
      'UID:berlin-weekly@prost.test',
      'DTSTAMP:20261101T000000Z',
      'DTSTART;TZID=Europe/Berlin:20261020T190000',
      'DTEND;TZID=Europe/Berlin:20261020T200000',
      'RRULE:FREQ=WEEKLY;COUNT=3',
      'END:VEVENT',
    );
    const result = busyFromIcs(file, { start: Date.parse('2026-10-01T00:00:00Z'), end: Date.parse('2026-11-30T00:00:00Z') }, 'Asia/Kathmandu');
    if (!result.ok) throw new Error(result.problem);
    // 19:00 Berlin stays 19:00 Berlin: 17:00Z in summer time, 18:00Z after 25 October.
    expect(spans(result.busy).map((s) => s.slice(0, 20))).toEqual(['2026-10-20T17:00:00.', '2026-10-27T18:00:00.', '2026-11-03T18:00:00.']);
  });

  it('expands only up to the window, even for a rule that never ends', () => {
    const file = ics('BEGIN:VEVENT', 'UID:daily@prost.test', 'DTSTAMP:20091101T000000Z', 'DTSTART:20090101T080000Z', 'DTEND:20090101T090000Z', 'RRULE:FREQ=DAILY', 'END:VEVENT');
    const result = busyFromIcs(file, { start: Date.parse('2026-12-04T00:00:00Z'), end: Date.parse('2026-12-06T00:00:00Z') }, 'UTC');
    if (!result.ok) throw new Error(result.problem);
    expect(spans(result.busy)).toEqual(['2026-12-04T08:00:00.000Z/2026-12-04T09:00:00.000Z', '2026-12-05T08:00:00.000Z/2026-12-05T09:00:00.000Z']);
  });

  it('refuses a malformed file, and a file that is not a calendar, with nothing busy', () => {
    const broken = busyFromIcs('BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR', DECEMBER, 'UTC');
    expect(broken).toMatchObject({ ok: false, problem: 'malformed' });
    expect('busy' in broken).toBe(false);
    expect(busyFromIcs('Just some notes about beer.', DECEMBER, 'UTC')).toMatchObject({ ok: false, problem: 'malformed' });
    expect(busyFromIcs('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Olga\r\nEND:VCARD', DECEMBER, 'UTC')).toMatchObject({ ok: false, problem: 'notCalendar' });
  });
});
