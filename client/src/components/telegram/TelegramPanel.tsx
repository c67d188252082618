// The event page's Telegram corner, shown only when the server has a bot. Its body loads on
// demand, so the many servers without Telegram (and every first paint) do not pay for it; while
// the server's config loads, nothing shows, so the layout does not jump for them either.
import { lazy, Suspense } from 'react';
import type { Participant } from '../../lib';
import { useTelegramBot } from '../../lib/telegram';

const TelegramPanelBody = lazy(() => import('./TelegramPanelBody'));

export interface TelegramPanelProps {
  eventId: string;
  me: Participant | null;
  userId: string | null;
}

export function TelegramPanel(props: TelegramPanelProps) {
  const bot = useTelegramBot();
  if (!bot.enabled) return null;
  return (
    <Suspense fallback={null}>
      <TelegramPanelBody {...props} />
    </Suspense>
  );
}
