// The Telegram panel and the account's Telegram section, through their data-testids, and the
// launch data Telegram opens a Mini App with.
import { createHmac } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { BOT_TOKEN } from '../harness/fakeTelegram';

export const LINK_WAIT = 15_000;

export class TelegramLinkPage {
  constructor(
    readonly page: Page,
    /** The panel or section holding one link (`telegram-panel`, `account-telegram`). */
    readonly root: Locator,
  ) {}

  get status(): Locator {
    return this.root.getByTestId('telegram-status');
  }

  async state(): Promise<string | null> {
    return this.status.getAttribute('data-state');
  }

  /** Clicks the link button and returns the deep link's code from the "Open Telegram" link. */
  async requestCode(): Promise<{ url: string; code: string }> {
    await this.root.getByTestId('telegram-link').click();
    const open = this.root.getByTestId('telegram-open');
    await open.waitFor({ timeout: LINK_WAIT });
    const url = (await open.getAttribute('href')) ?? '';
    const code = new URL(url).searchParams.get('start') ?? '';
    return { url, code };
  }

  async waitForState(state: string): Promise<void> {
    await this.root.locator(`[data-testid="telegram-status"][data-state="${state}"]`).waitFor({ timeout: LINK_WAIT });
  }
}

export interface MiniAppUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

/**
 * `initData` signed the way Telegram signs it: HMAC-SHA256 over the sorted `key=value` lines,
 * under a key that is HMAC-SHA256("WebAppData", bot token).
 */
export function signInitData(user: MiniAppUser, authDate = Math.floor(Date.now() / 1000), token = BOT_TOKEN): string {
  const fields: Record<string, string> = {
    query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
    user: JSON.stringify(user),
    auth_date: String(authDate),
  };
  const checkString = Object.keys(fields)
    .sort()
    .map((key) => `${key}=${fields[key]}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const hash = createHmac('sha256', secret).update(checkString).digest('hex');
  return Object.entries({ ...fields, hash })
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

/** The hash Telegram opens a Mini App with. */
export function miniAppHash(initData: string, theme: Record<string, string>): string {
  return (
    `#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0&tgWebAppPlatform=tdesktop` +
    `&tgWebAppThemeParams=${encodeURIComponent(JSON.stringify(theme))}`
  );
}
