// A guest (no account, Russian browser) finds a public event on "What's on" by a Russian word
// prefix in another case, opens it and joins. A link-only event with the same word stays hidden.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage, LIVE_WAIT } from '../pages/board';

const suite = prostSuite('whats-on');

describe('What’s on, for a guest', () => {
  test('finds a public event by a Russian word and joins it', async () => {
    const olga = await suite.api.register('Olga');
    const listed = await suite.api.createGridEvent(olga, {
      title: 'Пятничный квиз в пивоварне',
      description: 'Команды до шести человек',
      visibility: 'public',
      dates: [isoDate(5), isoDate(6)],
      places: [{ name: 'Пивоварня «Ёлка»', address: 'Невский проспект, 12' }],
    });
    const hidden = await suite.api.createGridEvent(olga, { title: 'Квиз для своих', visibility: 'link', dates: [isoDate(5)] });

    const context = await suite.context({ locale: 'ru-RU', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByTestId('landing-whats-on').click();
    await page.waitForURL(/\/whats-on/);

    // A prefix, in capitals: the search ignores case (and ё/е) in any script.
    await page.getByTestId('search-q').fill('КВИЗ');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/[?&]q=%D0%9A%D0%92%D0%98%D0%97/);
    const card = page.locator(`[data-testid="result-card"][data-event-id="${listed.id}"]`);
    await card.waitFor({ timeout: LIVE_WAIT });
    expect(await card.innerText()).toContain('Открытая');
    expect(await page.locator(`[data-testid="result-card"][data-event-id="${hidden.id}"]`).count()).toBe(0);

    // The search is in the address: a reload (or a shared link) shows the same results.
    await page.reload();
    await card.waitFor({ timeout: LIVE_WAIT });
    expect(await page.getByTestId('search-q').inputValue()).toBe('КВИЗ');

    // Nothing sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await card.click();
    const board = new BoardPage(page);
    await board.grid.waitFor();
    expect(await page.getByTestId('event-public').innerText()).toMatch(/Открытая/);
    await board.join('Гость Петя');
    const event = await suite.api.getEvent(listed.id);
    expect(event.participants.map((p) => p.name)).toEqual(['Гость Петя']);
  });
});
