import { describe, expect, it } from 'vitest';
import { googleCalendarUrl } from './googleCalendar';

describe('googleCalendarUrl', () => {
  it('sends timed plans as UTC stamps with every field encoded', () => {
    const url = new URL(
      googleCalendarUrl({
        title: 'Friday pints & chips',
        start: '2026-12-04T15:00:00Z',
        end: '2026-12-04T18:30:00Z',
        details: 'https://prost.example/e/abc',
        location: 'Bar Pivovar, Tverskaya 1',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://calendar.google.com/calendar/render');
    expect(url.searchParams.get('action')).toBe('TEMPLATE');
    expect(url.searchParams.get('text')).toBe('Friday pints & chips');
    expect(url.searchParams.get('dates')).toBe('20261204T150000Z/20261204T183000Z');
    expect(url.searchParams.get('details')).toBe('https://prost.example/e/abc');
    expect(url.searchParams.get('location')).toBe('Bar Pivovar, Tverskaya 1');
  });

  it('sends whole days as dates in the event zone with an exclusive end', () => {
    // Moscow's 4 December is 3 Dec 21:00 – 4 Dec 21:00 UTC; in UTC terms that would be two days.
    const url = new URL(
      googleCalendarUrl({ title: 'Picnic', start: '2026-12-03T21:00:00Z', end: '2026-12-04T21:00:00Z', allDayIn: 'Europe/Moscow' }),
    );
    expect(url.searchParams.get('dates')).toBe('20261204/20261205');
    expect(url.searchParams.has('location')).toBe(false);
  });
});
