// The event page's Telegram corner: reminders for this person, and the group-chat command.
import { useMessages } from '../../i18n';
import { telegramMessages } from '../../i18n/messages/telegram';
import { useTelegramBot } from '../../lib/telegram';
import type { TelegramPanelProps } from './TelegramPanel';
import { EventReminders } from './EventReminders';
import { GroupChatHint } from './GroupChatHint';
import './telegram.css';

export default function TelegramPanelBody({ eventId, me, userId }: TelegramPanelProps) {
  const t = useMessages(telegramMessages);
  const bot = useTelegramBot();
  return (
    <section className="panel telegram-panel" aria-labelledby="telegram-title" data-testid="telegram-panel">
      <h2 id="telegram-title">
        <span aria-hidden="true">✈️ </span>
        {t.remindTitle}
      </h2>
      <EventReminders eventId={eventId} me={me} userId={userId} botUsername={bot.botUsername} />
      {bot.botUsername && <GroupChatHint eventId={eventId} botUsername={bot.botUsername} publicUrl={bot.publicUrl} />}
    </section>
  );
}
