import type { commonMessages } from '../../i18n/messages/common';
import { isApiError, type TelegramIdentity } from '../../lib';
import { errorText } from '../ui/errorText';
import type { telegramMessages } from '../../i18n/messages/telegram';

type Common = (typeof commonMessages)['en'];
type Texts = (typeof telegramMessages)['en'];

/** "Anya (@anya_pints)", or just the first name when the Telegram user has no username. */
export function telegramName(who: Partial<TelegramIdentity> | null | undefined): string {
  const first = who?.firstName?.trim() || 'Telegram';
  return who?.username ? `${first} (@${who.username})` : first;
}

/** The bot in a deep link (`https://t.me/<bot>?start=<code>`), for the "send it by hand" hint. */
export function botOfLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    const bot = parsed.pathname.replace(/^\//, '').split('/')[0];
    return bot || null;
  } catch {
    return null;
  }
}

/** A failed Telegram request as a sentence; "Telegram is off" gets its own. */
export function telegramErrorText(error: unknown, t: Texts, common: Common): string {
  if (isApiError(error, 'unavailable') || (isApiError(error) && error.status === 503)) return t.unavailable;
  return errorText(error, common);
}
