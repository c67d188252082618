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

  test('the create page fits the screen, even with a very long map link', async () => {
    const context = await suite.context(PHONE);
    const page = await context.newPage();
    await page.goto('/new');
    await page.getByTestId('create-title').fill('Pints with a long link');
    const long = `https://yandex.ru/maps/?ll=37.617635%2C55.755814&mode=search&sll=37.617635%2C55.755814&text=${'bar%20'.repeat(40)}&z=17`;
    await page.getByTestId('create-place-name').fill('Bar Pivovar');
    await page.getByTestId('create-place-url').fill(long);
    await page.getByTestId('create-place-add').click();
    await page.getByText('Bar Pivovar').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the create page scrolls sideways on a phone').toBeLessThanOrEqual(0);
    // The mode switch is one row: its three buttons share one top edge.
    const tops = await page.locator('.mode-picker .segmented button').evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
  });

  test('a week-long grid scrolls inside itself, with a hint, and who is in rises as a sheet', async () => {
    const organiser = await suite.api.register('Olga');
    const dates = Array.from({ length: 7 }, (_, i) => isoDate(i + 2));
    const event = await suite.api.createGridEvent(organiser, { dates });
    const context = await suite.context(PHONE);
    const board = await BoardPage.open(await context.newPage(), event.id);
    const page = board.page;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'the event page scrolls sideways on a phone').toBeLessThanOrEqual(0);
    await page.getByTestId('wide-hint').waitFor();

    const first = page.locator('[role="gridcell"]').first();
    await first.tap();
    const sheet = page.getByTestId('slot-details');
    await sheet.locator('h3').waitFor();
    const box = await sheet.boundingBox();
    const viewport = page.viewportSize()!;
    expect(await sheet.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height + 1);
    expect(box!.y).toBeGreaterThan(viewport.height / 3);
    await sheet.getByRole('button', { name: /close/i }).tap();
    await sheet.locator('h3').waitFor({ state: 'detached' });
  });
});
