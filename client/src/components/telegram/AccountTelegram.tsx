// The account's Telegram section: link it, see which Telegram user it is linked to, unlink it.
import { useMessages } from '../../i18n';
import { telegramMessages } from '../../i18n/messages/telegram';
import { useAccountTelegram, useTelegramBot } from '../../lib/telegram';
import { LinkStatus } from './LinkStatus';
import { telegramName } from './telegramText';
import './telegram.css';

export function AccountTelegram({ userId }: { userId: string }) {
  const t = useMessages(telegramMessages);
  const bot = useTelegramBot();
  const flow = useAccountTelegram(bot.enabled ? userId : null);
  return (
    <section className="card telegram-account" aria-labelledby="account-telegram-title" data-testid="account-telegram">
      <h2 id="account-telegram-title">
        <span aria-hidden="true">✈️ </span>
        {t.telegramTitle}
      </h2>
      {bot.isLoading ? (
        <div className="skeleton telegram-skeleton" aria-hidden="true" />
      ) : !bot.enabled ? (
        <p className="muted">{t.telegramOff}</p>
      ) : (
        <LinkStatus
          flow={flow}
          explain={t.accountNotLinked}
          startLabel={t.linkTelegram}
          linkedText={t.accountLinked(telegramName(flow.status?.telegram))}
          unlinkLabel={t.unlinkTelegram}
          unlinkQuestion={t.unlinkConfirm}
          botUsername={bot.botUsername}
        />
      )}
    </section>
  );
}
