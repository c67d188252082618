// The board never lies (issue 10): with the API and the live socket cut by the test, an answer
// stays visibly unsent and goes out when the line is back; a refused answer goes back on screen;
// and after a reconnect the board equals what a fresh GET says.
import { beforeAll, describe, expect, test } from 'vitest';
import { isoDate, type Account, type EventView } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';
import { boardCells, NetworkCut } from '../pages/network';

const suite = prostSuite('offline');

/** What the server's tally says every cell should show, for `me`. */
function expectedCells(event: EventView, me: string) {
  const answers = event.participants.find((p) => p.id === me)?.answers.slots ?? {};
  return Object.fromEntries(
    event.tally.slots.map((t) => [t.slotId, { answer: answers[t.slotId] ?? '', yes: String(t.yes.length), maybe: String(t.maybe.length) }]),
  );
}

async function guestBoard(eventId: string, name: string) {
  const context = await suite.context();
  const page = await context.newPage();
  const cut = await NetworkCut.install(page);
  const board = await BoardPage.open(page, eventId);
  await board.join(name);
  await board.pick('yes');
  const me = await page.evaluate((id) => (JSON.parse(localStorage.getItem('prost.guests') ?? '{}') as Record<string, { participantId: string }>)[id]?.participantId ?? '', eventId);
  return { board, cut, page, me };
}

describe('with the connection cut', () => {
  let organiser: Account;
  let event: EventView;
  let s: string[];

  beforeAll(async () => {
    organiser = await suite.api.register('Olga');
    event = await suite.api.createGridEvent(organiser, { dates: [isoDate(3)], from: '18:00', to: '21:00', stepMinutes: 30 });
    s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start)).map((slot) => slot.id);
  });

  test('answers painted offline are kept as unsent and sent in order when the line is back', async () => {
    const { board, cut, page, me } = await guestBoard(event.id, 'Anya');
    await cut.down();
    await page.locator('[data-testid="connection"][data-state="offline"]').waitFor({ state: 'attached', timeout: LIVE_WAIT });

    await board.drag(s[0]!, s[2]!);
    await board.pick('maybe');
    await board.drag(s[2]!, s[3]!);
    await page.getByTestId('unsent').waitFor({ timeout: LIVE_WAIT });
    expect(await board.cell(s[0]!).getAttribute('data-pending')).toBe('true');
    expect(await board.cell(s[3]!).getAttribute('data-answer')).toBe('maybe');
    // Nothing reached the server.
    expect((await suite.api.getEvent(event.id)).participants.find((p) => p.id === me)?.answers.slots).toEqual({});

    await cut.up();
    await page.getByTestId('unsent').waitFor({ state: 'detached', timeout: LIVE_WAIT });
    await page.locator('[role="gridcell"][data-pending]').first().waitFor({ state: 'detached', timeout: LIVE_WAIT });
    const fresh = await suite.api.getEvent(event.id);
    // In order: the second stroke's "maybe" on s2 wins over the first stroke's "yes".
    expect(fresh.participants.find((p) => p.id === me)?.answers.slots).toEqual({ [s[0]!]: 'yes', [s[1]!]: 'yes', [s[2]!]: 'maybe', [s[3]!]: 'maybe' });
    expect(await boardCells(page)).toEqual(expectedCells(fresh, me));
  });

  test('an answer the server refuses goes back on screen, with a word about it', async () => {
    const { board, cut, page } = await guestBoard(event.id, 'Boris');
    // The socket is down, so the stroke goes over REST, and the server's "no" is staged there.
    await cut.down({ socket: true });
    await page.route(/\/participants\/[^/]+\/answers$/, (route) =>
      route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ error: { code: 'conflict', message: 'answers are closed' } }) }),
    );
    await board.drag(s[4]!, s[5]!);
    await page.getByRole('alert').filter({ hasText: /not saved/ }).waitFor({ timeout: LIVE_WAIT });
    await board.waitForAnswer(s[4]!, '');
    await board.waitForAnswer(s[5]!, '');
    expect(await page.locator('[role="gridcell"][data-pending]').count()).toBe(0);
  });

  test('after a reconnect the board equals a fresh GET', async () => {
    const { cut, page, me } = await guestBoard(event.id, 'Cara');
    await cut.down();
    await page.locator('[data-testid="connection"][data-state="offline"]').waitFor({ state: 'attached', timeout: LIVE_WAIT });
    // While Cara is away, a friend answers and another joins.
    const dima = await suite.api.joinAsGuest(event.id, 'Dima');
    await suite.api.answerAsGuest(event.id, dima, { [s[1]!]: 'yes', [s[4]!]: 'maybe' });
    await cut.up();
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor({ state: 'attached', timeout: LIVE_WAIT });
    const fresh = await suite.api.getEvent(event.id);
    await expect.poll(() => boardCells(page), { timeout: LIVE_WAIT }).toEqual(expectedCells(fresh, me));
  });
});
