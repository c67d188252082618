// Telegram against a fake Bot API (a real HTTP server on 127.0.0.1): a guest and an account link
// their chat through the bot's deep link, the bot answers /start, and the page sees it; the group
// command; a Mini App signs in with signed initData and wears Telegram's colours.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { isoDate, signInContext, type Account } from '../harness/api';
import { DESKTOP, PHONE } from '../harness/browser';
import { BOT_USERNAME } from '../harness/fakeTelegram';
import { ARTIFACTS } from '../harness/paths';
import { prostSuite } from '../harness/suite';
import { BoardPage } from '../pages/board';
import { miniAppHash, signInitData, TelegramLinkPage } from '../pages/telegram';

const suite = prostSuite('telegram', { telegram: true });
const SHOTS = join(ARTIFACTS, 'screenshots');

let organiser: Account;
let eventId = '';

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  organiser = await suite.api.register('Olga');
  eventId = (await suite.api.createGridEvent(organiser, { title: 'Friday pints', dates: [isoDate(3), isoDate(4)] })).id;
});

/** A picture of the panel (on the event page) or the section (on /account), for people to look at. */
async function shoot(page: Page, name: string): Promise<void> {
  const onAccountPage = new URL(page.url()).pathname === '/account';
  await page.getByTestId(onAccountPage ? 'account-telegram' : 'telegram-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, `telegram-${name}.png`), fullPage: false });
}

/** Asks the server who the signed-in browser is, through the page's own session. */
function meOf(page: Page) {
  return page.evaluate(async () => {
    const refreshed = await fetch('/api/v1/auth/refresh', { method: 'POST' });
    const { accessToken } = (await refreshed.json()) as { accessToken: string };
    const me = await fetch('/api/v1/me', { headers: { authorization: `Bearer ${accessToken}` } });
    return (await me.json()) as { name: string; telegramLinked: boolean; telegram?: { firstName: string; username?: string } };
  });
}

describe('a guest', () => {
  test('joins, asks for Telegram reminders, presses Start, and the page shows the link', async () => {
    const context = await suite.context({ ...PHONE, colorScheme: 'dark' } satisfies BrowserContextOptions);
    const page = await context.newPage();
    const board = await BoardPage.open(page, eventId);
    await board.join('Anya');

    const panel = new TelegramLinkPage(page, page.getByTestId('telegram-panel'));
    await panel.waitForState('idle');
    await expect(panel.root.textContent()).resolves.toMatch(/For this meetup only, no account needed/);
    await shoot(page, 'guest-idle-phone-dark');

    const { url, code } = await panel.requestCode();
    expect(url).toMatch(new RegExp(`^https://t\\.me/${BOT_USERNAME}\\?start=[A-Za-z0-9_-]{1,64}$`));
    await expect(panel.root.textContent()).resolves.toContain(`/start ${code}`);
    await shoot(page, 'guest-waiting-phone-dark');

    suite.telegram.pushStart({ id: 7001, firstName: 'Anya', username: 'anya_pints' }, code);
    // The bot answers in that chat...
    const answer = await suite.telegram.waitForSent((m) => m.chatId === 7001 && m.method === 'sendMessage');
    expect(answer.text.length).toBeGreaterThan(0);
    // ...and the page, polling, sees the link.
    await panel.waitForState('linked');
    await expect(panel.status.textContent()).resolves.toContain('Anya (@anya_pints)');
    await shoot(page, 'guest-linked-phone-dark');

    // The code is spent: pressing Start again links nothing new and still gets a friendly answer.
    const before = suite.telegram.sent.length;
    suite.telegram.pushStart({ id: 7009, firstName: 'Mallory' }, code);
    await suite.telegram.waitForSent((m) => m.chatId === 7009);
    expect(suite.telegram.sent.length).toBeGreaterThan(before);

    // Stopping reminders unlinks the participant, and a reload agrees.
    await panel.root.getByTestId('telegram-unlink').click();
    await page.locator('dialog[open] .btn-danger').click();
    await panel.waitForState('idle');
    await page.reload();
    await panel.waitForState('idle');
  });

  test('sees the group-chat command with the bot’s name, and copies it', async () => {
    const context = await suite.context({ ...DESKTOP, permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await BoardPage.open(page, eventId);
    const command = page.getByTestId('telegram-group-command');
    await expect(command.textContent()).resolves.toBe(`/prost ${suite.base}/e/${eventId}`);
    await expect(page.getByTestId('telegram-panel').textContent()).resolves.toContain(`@${BOT_USERNAME}`);
    // Not joined yet: the panel says what to do first instead of offering a link.
    await expect(page.getByTestId('telegram-panel').textContent()).resolves.toMatch(/Join with your name first/);
    await page.getByTestId('telegram-group-copy').click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`/prost ${suite.base}/e/${eventId}`);
    await shoot(page, 'group-desktop-light');
  });
});

describe('an account', () => {
  test('links Telegram from the account page, sees who it is linked to, and unlinks', async () => {
    const boris = await suite.api.register('Boris');
    const context = await suite.context({ ...DESKTOP, locale: 'ru-RU' });
    await signInContext(context, suite.base, boris);
    const page = await context.newPage();
    await page.goto('/account');
    const section = new TelegramLinkPage(page, page.getByTestId('account-telegram'));
    await section.waitForState('idle');
    await shoot(page, 'account-idle-desktop-light-ru');

    const { code } = await section.requestCode();
    suite.telegram.pushStart({ id: 7002, firstName: 'Борис', username: 'boris_stout' }, code);
    await suite.telegram.waitForSent((m) => m.chatId === 7002);
    await section.waitForState('linked');
    await expect(section.status.textContent()).resolves.toContain('Борис (@boris_stout)');
    expect(await meOf(page)).toMatchObject({ telegramLinked: true, telegram: { firstName: 'Борис', username: 'boris_stout' } });
    await shoot(page, 'account-linked-desktop-light-ru');

    // On an event page the account's link covers it: no second link to make.
    await BoardPage.open(page, eventId);
    const panel = new TelegramLinkPage(page, page.getByTestId('telegram-panel'));
    await panel.waitForState('linked');
    await expect(panel.status.textContent()).resolves.toContain('Борис (@boris_stout)');

    await page.goto('/account');
    await section.waitForState('linked');
    await section.root.getByTestId('telegram-unlink').click();
    await page.locator('dialog[open] .btn-danger').click();
    await section.waitForState('idle');
    expect(await meOf(page)).toMatchObject({ telegramLinked: false });
  });

  test('on a phone in the dark, links from the event page', async () => {
    const vera = await suite.api.register('Vera');
    const context = await suite.context({ ...PHONE, colorScheme: 'dark' });
    await signInContext(context, suite.base, vera);
    const page = await context.newPage();
    await BoardPage.open(page, eventId);
    const panel = new TelegramLinkPage(page, page.getByTestId('telegram-panel'));
    await panel.waitForState('idle');
    await expect(panel.root.textContent()).resolves.toMatch(/every meetup you organise or join/);
    const { code } = await panel.requestCode();
    suite.telegram.pushStart({ id: 7003, firstName: 'Vera' }, code);
    await panel.waitForState('linked');
    await expect(panel.status.textContent()).resolves.toContain('Vera');
    await shoot(page, 'account-from-event-phone-dark');
  });
});

describe('the Mini App', () => {
  const NIGHT = { bg_color: '#17212b', secondary_bg_color: '#232e3c', section_bg_color: '#17212b', text_color: '#f5f5f5', hint_color: '#708499', link_color: '#6ab3f3' };

  test('signs in with Telegram’s initData and wears Telegram’s colours', async () => {
    const context = await suite.context({ ...PHONE, colorScheme: 'light' });
    const page = await context.newPage();
    const initData = signInitData({ id: 99001, first_name: 'Gleb', username: 'gleb_tg', language_code: 'en' });
    await page.goto(`/e/${eventId}${miniAppHash(initData, NIGHT)}`);
    await page.getByRole('grid').waitFor();
    // Signed in: the account link appears in the header, and the launch data left the address bar.
    await page.getByRole('link', { name: /^Account: / }).waitFor();
    expect(page.url()).not.toContain('tgWebAppData');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('stout');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(35, 46, 60)');
    await page.screenshot({ path: join(SHOTS, 'telegram-mini-app-phone.png') });

    expect(await meOf(page)).toMatchObject({ telegramLinked: true, telegram: { firstName: 'Gleb', username: 'gleb_tg' } });
  });

  test('stays signed out with tampered initData', async () => {
    const context = await suite.context(PHONE);
    const page = await context.newPage();
    const forged = signInitData({ id: 99002, first_name: 'Mallory' }, undefined, '123:NOT-THE-TOKEN');
    await page.goto(`/e/${eventId}${miniAppHash(forged, NIGHT)}`);
    await page.getByRole('grid').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('link', { name: /^Account: / }).count()).toBe(0);
  });
});
