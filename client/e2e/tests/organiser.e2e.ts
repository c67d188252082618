// An organiser signs up and creates a grid event entirely through the UI.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';
import { createGridThroughUi, registerThroughUi } from '../pages/forms';

const suite = prostSuite('organiser');

describe('an organiser', () => {
  test('registers, creates a grid event, and lands on its board', async () => {
    const context = await suite.context();
    const page = await context.newPage();
    const email = `olga.${Date.now()}@example.com`;
    await registerThroughUi(page, { name: 'Olga', email, password: 'correct horse battery' });

    const dates = [isoDate(2), isoDate(3)];
    const id = await createGridThroughUi(page, {
      title: 'Friday pints',
      description: 'First round is on Olga',
      dates,
      from: '18:00',
      to: '21:00',
      stepMinutes: 30,
      timezone: 'Europe/Berlin',
      place: { name: 'Bar Pivovar', url: 'https://www.openstreetmap.org/#map=17/52.5200/13.4050' },
    });

    // What the server stored is what the form said: 2 days × six half-hours, and the place
    // with coordinates read from its map link.
    const event = await suite.api.getEvent(id);
    expect(event.title).toBe('Friday pints');
    expect(event.slots).toHaveLength(12);
    expect(new Date(event.slots[0]!.start).toISOString()).toBe(
      // 18:00 in Berlin in winter is 17:00 UTC; in summer 16:00.
      new Date(`${dates[0]}T18:00:00${berlinOffset(dates[0]!)}`).toISOString(),
    );
    expect(event.places).toEqual([expect.objectContaining({ name: 'Bar Pivovar', lat: 52.52, lng: 13.405 })]);

    // The board shows every slot, and "my events" lists the new one.
    const board = new BoardPage(page);
    await board.grid.waitFor();
    expect((await board.slotIds()).sort()).toEqual(event.slots.map((s) => s.id).sort());
    await page.goto('/events');
    await page.getByText('Friday pints').first().waitFor();
  });
});

/** Berlin's UTC offset on a date, as `+01:00` / `+02:00`. */
function berlinOffset(date: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')?.value;
  return name?.replace('GMT', '') || '+00:00';
}
