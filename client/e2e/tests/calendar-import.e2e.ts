// Availability from a calendar file: a guest picks an .ics, sees "no" over the busy hour and
// "yes" elsewhere on the grid, and sends it. The file is read in the browser: it never goes out.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';

const suite = prostSuite('calendar-import');

/** Busy 19:00–20:00 in Berlin on `date`, named by an IANA TZID, plus a weekly rule with that day excluded. */
function calendar(date: string): string {
  const day = date.replace(/-/g, '');
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Prost e2e//EN',
    'BEGIN:VEVENT',
    'UID:dentist@prost.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=Europe/Berlin:${day}T190000`,
    `DTEND;TZID=Europe/Berlin:${day}T200000`,
    'SUMMARY:Dentist',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:yoga@prost.test',
    'DTSTAMP:20260101T000000Z',
    `DTSTART;TZID=Europe/Berlin:${day}T180000`,
    `DTEND;TZID=Europe/Berlin:${day}T183000`,
    'RRULE:FREQ=WEEKLY;COUNT=4',
    `EXDATE;TZID=Europe/Berlin:${day}T180000`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].join('\r\n');
}

describe('filling in from a calendar', () => {
  test('an .ics import paints the grid, and the answers go out once sent', async () => {
    const olga = await suite.api.register('Olga');
    const date = isoDate(6);
    const event = await suite.api.createGridEvent(olga, { dates: [date], from: '18:00', to: '21:00', stepMinutes: 30, timezone: 'Europe/Berlin' });
    const byStart = new Map(event.slots.map((s) => [new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(s.start)), s.id]));

    const context = await suite.context();
    const page = await context.newPage();
    const uploads: string[] = [];
    page.on('request', (request) => {
      if ((request.postData() ?? '').includes('BEGIN:VCALENDAR')) uploads.push(request.url());
    });
    const board = await BoardPage.open(page, event.id);
    await board.join('Anya');

    await page.getByTestId('import-open').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'calendar.ics', mimeType: 'text/calendar', buffer: Buffer.from(calendar(date)) });
    await page.getByTestId('proposal-bar').waitFor({ timeout: LIVE_WAIT });

    const busy = ['19:00', '19:30'].map((t) => byStart.get(t)!);
    const free = ['18:00', '18:30', '20:00', '20:30'].map((t) => byStart.get(t)!);
    for (const id of busy) expect(await board.cell(id).getAttribute('data-answer')).toBe('no');
    for (const id of free) expect(await board.cell(id).getAttribute('data-answer')).toBe('yes');
    expect(await page.locator('[role="gridcell"][data-proposed]').count()).toBe(6);
    // A preview only: the server has no answers yet.
    expect((await suite.api.getEvent(event.id)).participants[0]!.answers.slots).toEqual({});

    await page.getByTestId('proposal-send').click();
    await page.getByTestId('proposal-bar').waitFor({ state: 'detached', timeout: LIVE_WAIT });
    await board.waitForAnswer(busy[0]!, 'no');
    const stored = (await suite.api.getEvent(event.id)).participants[0]!.answers.slots;
    expect(Object.fromEntries([...busy, ...free].map((id) => [id, stored[id]]))).toEqual({
      ...Object.fromEntries(busy.map((id) => [id, 'no'])),
      ...Object.fromEntries(free.map((id) => [id, 'yes'])),
    });
    expect(await page.locator('[role="gridcell"][data-proposed]').count()).toBe(0);
    expect(uploads).toEqual([]);
  });
});
