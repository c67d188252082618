// Kathmandu (+05:45) and New York see the same instants: a cell one paints lights up under the
// same slot id for the other, labelled with each viewer's own clock; the time-zone switch brings
// both to the event's clock.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const suite = prostSuite('timezones');

/** `HH:MM` of an instant on a zone's 24-hour clock, as the app writes it in English. */
function clock(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(instant),
  );
}

describe('across time zones', () => {
  test('the same slot, painted in Kathmandu, shows in New York at New York time', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { timezone: 'Europe/Moscow', dates: [isoDate(5)] });
    const slot = [...event.slots].sort((a, b) => a.start.localeCompare(b.start))[2]!;

    const open = async (timezoneId: string) =>
      BoardPage.open(await (await suite.context({ timezoneId })).newPage(), event.id);
    const kathmandu = await open('Asia/Kathmandu');
    const newYork = await open('America/New_York');
    await kathmandu.join('Kiran');
    await kathmandu.pick('yes');
    await newYork.waitConnected();

    await kathmandu.drag(slot.id, slot.id);
    await newYork.waitForCount(slot.id, 1);

    const labelIn = async (board: BoardPage) => (await board.cell(slot.id).getAttribute('aria-label')) ?? '';
    const inKathmandu = await labelIn(kathmandu);
    const inNewYork = await labelIn(newYork);
    expect(inKathmandu).toContain(clock(slot.start, 'Asia/Kathmandu'));
    expect(inNewYork).toContain(clock(slot.start, 'America/New_York'));
    expect(inKathmandu).not.toContain(clock(slot.start, 'America/New_York'));

    // Both switch to the event's zone: now they read the same Moscow time.
    for (const board of [kathmandu, newYork]) {
      await board.page.getByTestId('tz-toggle').click();
      await board.page
        .locator(`[role="gridcell"][data-slot-id="${slot.id}"][aria-label*="${clock(slot.start, 'Europe/Moscow')}"]`)
        .waitFor({ state: 'attached' });
    }
  });
});
