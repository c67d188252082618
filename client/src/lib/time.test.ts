import { describe, expect, it } from 'vitest';
import { addDays, canonicalZone, formatDay, formatOffset, formatRange, formatTime, localInputToUtc, localTime, offsetMinutes, viewerZone, zoneCity, zonedToUtc } from './time';

describe('zones', () => {
  it('runs in Kathmandu, so nothing passes by living in UTC', () => {
    // ICU calls it by its older name, Asia/Katmandu; we use the current one.
    expect(viewerZone()).toBe('Asia/Kathmandu');
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(offsetMinutes('2026-06-01T00:00:00Z', viewerZone())).toBe(345);
  });

  it('reads offsets including +05:45 and both sides of a DST change', () => {
    expect(offsetMinutes('2026-12-04T17:00:00Z', 'Asia/Kathmandu')).toBe(345);
    expect(offsetMinutes('2026-03-29T00:59:00Z', 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes('2026-03-29T01:00:00Z', 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes('2026-11-01T05:30:00Z', 'America/New_York')).toBe(-240);
    expect(offsetMinutes('2026-11-01T06:30:00Z', 'America/New_York')).toBe(-300);
  });

  it('finds the local date and minute of an instant', () => {
    expect(localTime('2026-12-04T18:30:00Z', 'Asia/Kathmandu')).toEqual({ date: '2026-12-05', minute: 15 });
    expect(localTime('2026-12-04T18:30:00Z', 'America/New_York')).toEqual({ date: '2026-12-04', minute: 13 * 60 + 30 });
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('names a zone by city and offset', () => {
    expect(zoneCity('America/Port_of_Spain')).toBe('Port of Spain');
    expect(zoneCity('Europe/Moscow', 'ru')).toBe('Москва');
    expect(zoneCity('Asia/Kathmandu', 'ru')).toBe('Катманду');
    // Not in the table: the English city, rather than nothing.
    expect(zoneCity('America/Port_of_Spain', 'ru')).toBe('Port of Spain');
    expect(formatOffset('Asia/Kathmandu', 'en', '2026-12-04T00:00:00Z')).toBe('GMT+5:45');
  });
});

describe('formatting', () => {
  it('formats days without a zone shift, in both languages', () => {
    expect(formatDay('2026-12-04', 'en')).toBe('Fri 4 Dec');
    expect(formatDay('2026-12-04', 'ru')).toMatch(/^пт, 4 дек/);
  });

  it('formats a time in the display zone on a 24-hour clock', () => {
    expect(formatTime('2026-12-04T17:00:00Z', 'Asia/Kathmandu', 'en')).toBe('22:45');
    expect(formatTime('2026-12-04T17:00:00Z', 'Europe/Berlin', 'ru')).toBe('18:00');
  });

  it('formats a range, naming both days when the slot crosses midnight in the display zone', () => {
    expect(formatRange('2026-12-04T17:00:00Z', '2026-12-04T17:30:00Z', 'Europe/Berlin', 'en')).toBe('Fri 4 Dec, 18:00–18:30');
    expect(formatRange('2026-12-04T18:00:00Z', '2026-12-04T18:30:00Z', 'Asia/Kathmandu', 'en')).toBe(
      'Fri 4 Dec, 23:45 – Sat 5 Dec, 00:15',
    );
    // Ending exactly at midnight is still the same evening.
    expect(formatRange('2026-12-04T22:30:00Z', '2026-12-04T23:00:00Z', 'Europe/Berlin', 'en')).toBe('Fri 4 Dec, 23:30–00:00');
  });
});

describe('zonedToUtc', () => {
  it('reads a wall clock in the given zone, not the machine one (tests run in Kathmandu)', () => {
    expect(zonedToUtc('2026-12-04', '18:00', 'Europe/Moscow').toISOString()).toBe('2026-12-04T15:00:00.000Z');
    expect(zonedToUtc('2026-12-04', '18:00', 'Asia/Kathmandu').toISOString()).toBe('2026-12-04T12:15:00.000Z');
  });

  it('follows daylight saving time on both sides of the change', () => {
    expect(zonedToUtc('2026-03-28', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T11:00:00.000Z');
    expect(zonedToUtc('2026-03-30', '12:00', 'Europe/Berlin').toISOString()).toBe('2026-03-30T10:00:00.000Z');
  });

  it('lands just after a spring-forward gap, and is the reverse of localTime elsewhere', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: it reads as 03:30 CEST, pushed on by the gap.
    expect(zonedToUtc('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const instant = zonedToUtc('2026-07-01', '09:45', 'America/New_York');
    expect(localTime(instant, 'America/New_York')).toMatchObject({ date: '2026-07-01', minute: 9 * 60 + 45 });
  });
});

describe('localInputToUtc', () => {
  it('reads a date-and-time value in the zone, and refuses anything else', () => {
    expect(localInputToUtc('2026-12-03T20:00', 'Europe/Moscow')?.toISOString()).toBe('2026-12-03T17:00:00.000Z');
    expect(localInputToUtc('', 'Europe/Moscow')).toBeNull();
    expect(localInputToUtc('03.12.2026 20:00', 'Europe/Moscow')).toBeNull();
  });
});
