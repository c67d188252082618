// A phone (390×844, touch, mobile viewport): a guest paints their evening with a finger, and the
// page fits the screen instead of scrolling sideways.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { PHONE } from '../harness/browser';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const suite = prostSuite('phone');

describe('on a phone', () => {
  test('a finger stroke paints the cells it crosses', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { dates: [isoDate(4), isoDate(5)] });
    const s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start)).map((slot) => slot.id);

    const context = await suite.context(PHONE);
    const board = await BoardPage.open(await context.newPage(), event.id);
    await board.join('Mila');
    await board.pick('yes');
    await board.touchDrag(s[1]!, s[3]!);

    for (const id of [s[1]!, s[2]!, s[3]!]) await board.waitForAnswer(id, 'yes');
    expect(await board.cell(s[0]!).getAttribute('data-answer')).not.toBe('yes');
    // The stroke reached the server, not just the screen.
    const mila = (await suite.api.getEvent(event.id)).participants.find((p) => p.name === 'Mila');
    expect(mila?.answers.slots).toEqual({ [s[1]!]: 'yes', [s[2]!]: 'yes', [s[3]!]: 'yes' });

    const overflow = await board.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(0);
  });
});
