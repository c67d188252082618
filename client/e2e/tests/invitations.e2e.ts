// An organiser invites a friend (someone they planned with before) from the event page; the
// friend's linked Telegram chat receives the invitation through the fake Bot API.
import { describe, expect, test } from 'vitest';
import { isoDate, signInContext } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';

const suite = prostSuite('invitations', { telegram: true });

describe('inviting friends', () => {
  test('the organiser picks a friend in the dialog and the friend gets it on Telegram', async () => {
    const olga = await suite.api.register('Olga');
    const boris = await suite.api.register('Boris');
    // Last week's round made them friends.
    const before = await suite.api.createGridEvent(olga, { title: 'Last Friday', dates: [isoDate(1)] });
    await suite.api.joinAs(boris, before.id);
    // Boris links Telegram: he presses Start on his deep link.
    const code = await suite.api.telegramLinkCode(boris);
    suite.telegram.pushStart({ id: 8801, firstName: 'Boris' }, code);
    await suite.telegram.waitForSent((m) => m.chatId === 8801);

    const event = await suite.api.createGridEvent(olga, { title: 'Stout tasting', dates: [isoDate(8)] });
    const context = await suite.context();
    await signInContext(context, suite.base, olga);
    const page = await context.newPage();
    const board = await BoardPage.open(page, event.id);
    await board.page.getByTestId('invite-open').click();

    const dialog = page.getByTestId('invite-dialog');
    const friend = dialog.locator(`[data-testid="invite-friend"][data-user-id="${boris.userId}"]`);
    await friend.waitFor({ timeout: LIVE_WAIT });
    expect(await friend.innerText()).toMatch(/On Telegram/);
    await dialog.getByTestId('invite-search').fill('bor');
    await friend.locator('input[type="checkbox"]').check();
    await dialog.getByTestId('invite-send').click();

    const invited = dialog.getByTestId('invite-invited');
    await invited.waitFor({ timeout: LIVE_WAIT });
    expect(await invited.innerText()).toContain('Boris');
    const message = await suite.telegram.waitForSent((m) => m.chatId === 8801 && m.text.includes('Stout tasting'));
    expect(message.text).toContain(event.id);

    // And Boris is among the people Olga planned with.
    await page.keyboard.press('Escape');
    await page.goto('/friends');
    await page.locator(`[data-testid="friend"][data-user-id="${boris.userId}"]`).waitFor({ timeout: LIVE_WAIT });
  });
});
