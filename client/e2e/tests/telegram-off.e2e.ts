// A server without a bot token: no Telegram panel on the event page, and the account page says
// there is nothing to link instead of offering a link that could only fail.
import { describe, expect, test } from 'vitest';
import { isoDate, signInContext } from '../harness/api';
import { PHONE } from '../harness/browser';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const suite = prostSuite('telegram-off');

describe('with Telegram off', () => {
  test('the event page has no Telegram panel and the account page explains why', async () => {
    const olga = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(olga, { dates: [isoDate(2)] });
    const context = await suite.context(PHONE);
    await signInContext(context, suite.base, olga);
    const page = await context.newPage();
    const config = page.waitForResponse((response) => response.url().endsWith('/api/v1/config'));
    await BoardPage.open(page, event.id);
    const served = await config;
    if (served.ok()) expect(await served.json()).toMatchObject({ telegram: { enabled: false } });
    // Give a wrongly shown panel the time to appear after the config arrived.
    await page.waitForTimeout(500);
    expect(await page.getByTestId('telegram-panel').count()).toBe(0);

    await page.goto('/account');
    // The section's body loads on demand: wait for its words, not just its frame.
    await page.getByTestId('account-telegram').getByText(/Telegram is not set up on this server/).waitFor();
    expect(await page.getByTestId('telegram-link').count()).toBe(0);
  });
});
