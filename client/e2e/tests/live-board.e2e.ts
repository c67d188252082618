// The heart of Prost: two guests paint at the same time and each watches the other's strokes
// arrive; the who-said-what panel names them; the organiser finalises and both see the plan
// appear, with a calendar file to take home. One story, told in order, on one event.
import { beforeAll, describe, expect, test } from 'vitest';
import { isoDate, signInContext, type Account, type EventView } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const suite = prostSuite('live-board');

describe('two guests on one board', () => {
  let organiser: Account;
  let event: EventView;
  let anya: BoardPage;
  let boris: BoardPage;
  /** Slot ids in time order: one evening, six half-hours. */
  let s: string[];

  beforeAll(async () => {
    organiser = await suite.api.register('Olga');
    event = await suite.api.createGridEvent(organiser, { dates: [isoDate(3)], from: '18:00', to: '21:00', stepMinutes: 30 });
    s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start)).map((slot) => slot.id);
  });

  test('join and paint at once, and each sees the other live', async () => {
    [anya, boris] = await Promise.all(
      ['Anya', 'Boris'].map(async (name) => {
        const context = await suite.lastingContext();
        const board = await BoardPage.open(await context.newPage(), event.id);
        await board.join(name);
        await board.pick('yes');
        await board.markDocument();
        return board;
      }),
    ) as [BoardPage, BoardPage];

    // Anya paints 18:00–19:30, Boris 18:30–20:00, both strokes in flight together.
    await Promise.all([anya.drag(s[0]!, s[2]!), boris.drag(s[1]!, s[3]!)]);

    for (const board of [anya, boris]) {
      await board.waitForCount(s[0]!, 1);
      await board.waitForCount(s[1]!, 2);
      await board.waitForCount(s[2]!, 2);
      await board.waitForCount(s[3]!, 1);
      await board.waitForCount(s[4]!, 0);
      expect(await board.stillSameDocument()).toBe(true);
    }
    await anya.waitForAnswer(s[0]!, 'yes');
    await boris.waitForAnswer(s[3]!, 'yes');
    expect(await anya.cell(s[3]!).getAttribute('data-answer')).not.toBe('yes');
  });

  test('the who-said-what panel names them', async () => {
    const yesOf = async (slotId: string) =>
      (await anya.whoSaid(slotId)).find((group) => /^yes/i.test(group.label))?.names ?? '(no yes group)';
    expect(await yesOf(s[1]!)).toMatch(/Anya/);
    expect(await yesOf(s[1]!)).toMatch(/Boris/);
    expect(await yesOf(s[3]!)).toMatch(/Boris/);
    expect(await yesOf(s[3]!)).not.toMatch(/Anya/);
    // Boris can read the same panel on his screen.
    expect((await boris.whoSaid(s[0]!)).find((group) => /^yes/i.test(group.label))?.names).toMatch(/Anya/);
  });

  test('the organiser finalises and both guests see the plan appear, with an .ics', async () => {
    const context = await suite.lastingContext();
    await signInContext(context, suite.base, organiser);
    const board = await BoardPage.open(await context.newPage(), event.id);
    await board.finalize();

    for (const guest of [anya, boris]) {
      await guest.finalPlan.waitFor({ timeout: 15_000 });
      expect(await guest.stillSameDocument()).toBe(true);
    }
    const final = (await suite.api.getEvent(event.id)).final;
    expect(final).not.toBeNull();
    // The dialog proposes the best plan: a slot both said yes to.
    expect([s[1], s[2]]).toContain(final!.slotId);

    const ics = await anya.downloadIcs();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toMatch(new RegExp(`^DTSTART:${icsUtc(final!.start)}\\r?$`, 'm'));
  });
});

/** `2026-12-04T15:00:00Z` → `20261204T150000Z`, as RFC 5545 writes UTC. */
function icsUtc(instant: string): string {
  return new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
