// The event page's Telegram corner: reminders for this person, and the group-chat command. Shown
// only when the server has a bot; while the server's config loads, nothing (no jumping layout
// for the many servers without Telegram).
import { useMessages } from '../../i18n';
import { telegramMessages } from '../../i18n/messages/telegram';
import type { Participant } from '../../lib';
import { useTelegramBot } from '../../lib/telegram';
import { EventReminders } from './EventReminders';
import { GroupChatHint } from './GroupChatHint';
import './telegram.css';

interface TelegramPanelProps {
  eventId: string;
  me: Participant | null;
  userId: string | null;
}

export function TelegramPanel({ eventId, me, userId }: TelegramPanelProps) {
  const t = useMessages(telegramMessages);
  const bot = useTelegramBot();
  if (!bot.enabled) return null;
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
