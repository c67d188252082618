// "Remind me on Telegram" on the event page. A signed-in person links their account (what they
// expect: one link, every meetup); a guest links their participant of this event, no account needed.
import { Link } from 'react-router';
import { useMessages } from '../../i18n';
import { telegramMessages } from '../../i18n/messages/telegram';
import type { Participant } from '../../lib';
import { useAccountTelegram, useParticipantTelegram } from '../../lib/telegram';
import { LinkStatus } from './LinkStatus';
import { telegramName } from './telegramText';

function AccountReminders({ userId, botUsername }: { userId: string; botUsername: string | null }) {
  const t = useMessages(telegramMessages);
  const flow = useAccountTelegram(userId);
  return (
    <>
      <LinkStatus
        flow={flow}
        explain={t.explainAccount}
        startLabel={t.remindMe}
        linkedText={t.linkedAccount(telegramName(flow.status?.telegram))}
        unlinkLabel={t.unlinkTelegram}
        unlinkQuestion={t.unlinkConfirm}
        botUsername={botUsername}
      />
      {flow.phase === 'linked' && (
        <Link className="small" to="/settings">
          {t.manage}
        </Link>
      )}
    </>
  );
}

function GuestReminders({ eventId, participantId, botUsername }: { eventId: string; participantId: string; botUsername: string | null }) {
  const t = useMessages(telegramMessages);
  const flow = useParticipantTelegram(eventId, participantId);
  return (
    <LinkStatus
      flow={flow}
      explain={t.explainGuest}
      startLabel={t.remindMe}
      linkedText={t.linkedGuest(telegramName(flow.status))}
      unlinkLabel={t.stopReminders}
      unlinkQuestion={t.stopConfirm}
      botUsername={botUsername}
    />
  );
}

interface EventRemindersProps {
  eventId: string;
  me: Participant | null;
  userId: string | null;
  botUsername: string | null;
}

export function EventReminders({ eventId, me, userId, botUsername }: EventRemindersProps) {
  const t = useMessages(telegramMessages);
  // A guest participant this browser holds the token of links itself, even when someone is
  // signed in: the account's link does not reach a participant the account does not own.
  if (me && (me.userId == null || me.userId !== userId)) {
    return <GuestReminders eventId={eventId} participantId={me.id} botUsername={botUsername} />;
  }
  if (userId) return <AccountReminders userId={userId} botUsername={botUsername} />;
  return <p className="muted">{t.joinFirst}</p>;
}
