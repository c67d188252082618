// A browser set to Russian gets the app in Russian, and the language switch turns it to English.
import { describe, expect, test } from 'vitest';
import { isoDate } from '../harness/api';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';

const suite = prostSuite('russian');

const CYRILLIC = /[а-яё]/i;

describe('in Russian', () => {
  test('the landing page comes up in Russian and switches to English', async () => {
    const context = await suite.context({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto('/');
    await page.locator('html[lang="ru"]').waitFor({ state: 'attached' });
    expect(await page.locator('main').innerText()).toMatch(CYRILLIC);

    await page.getByTestId('lang-toggle').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(await page.locator('main').innerText()).not.toMatch(CYRILLIC);
  });

  test('the event board speaks Russian too, dates and all', async () => {
    const organiser = await suite.api.register('Olga');
    const event = await suite.api.createGridEvent(organiser, { title: 'Pints', dates: [isoDate(6)] });
    const context = await suite.context({ locale: 'ru-RU' });
    const board = await BoardPage.open(await context.newPage(), event.id);
    expect(await board.page.getByTestId('join-submit').innerText()).toMatch(CYRILLIC);
    // The day heading is written the Russian way ("пт, 4 дек.").
    expect(await board.grid.innerText()).toMatch(CYRILLIC);
  });
});
