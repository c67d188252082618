// Two guests called Саша are two people (issue 10): the second is asked to tell themselves apart,
// and when two of the same name are in anyway, the lists tell them apart and the silent one does
// not vanish from «Пока молчат».
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';

const suite = prostSuite('same-name');

describe('two people with one name', () => {
  test('the second Sasha is warned, and the board keeps both apart', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { dates: [isoDate(3)] });
    const s = [...event.slots].sort((a, b) => a.start.localeCompare(b.start)).map((slot) => slot.id);
    // The first Sasha answered; a second one, joined through the API, said nothing yet.
    const first = await suite.api.joinAsGuest(event.id, 'Sasha');
    await suite.api.answerAsGuest(event.id, first, { [s[0]!]: 'yes' });
    await suite.api.joinAsGuest(event.id, 'Sasha');

    const context = await suite.context();
    const board = await BoardPage.open(await context.newPage(), event.id);
    const page = board.page;
    await page.getByTestId('join-name').fill('sasha');
    await page.getByTestId('join-submit').click();
    const warning = page.locator('#join-problem');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/already a “sasha” here.*“sasha K\.”/);
    // Still not in: the warning asked first.
    expect((await suite.api.getEvent(event.id)).participants).toHaveLength(2);
    await page.getByTestId('join-name').fill('Sasha K.');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('you-are-in').waitFor({ timeout: LIVE_WAIT });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('you-are-in');

    const chips = await page.getByTestId('person').allTextContents();
    expect(chips).toEqual(['Sasha', 'Sasha (2)', 'Sasha K.']);
    const groups = await board.whoSaid(s[0]!);
    expect(groups.find((g) => /^yes/i.test(g.label))?.names).toBe('Sasha');
    // The silent Sasha is still listed as not answered, though a Sasha did answer.
    expect(groups.find((g) => /^not yet/i.test(g.label))?.names).toMatch(/Sasha \(2\)/);
  });
});
