// "Post to a group chat": the `/prost <link>` command to paste into a group with the bot in it,
// which then keeps a live card of the round there.
import { useMessages } from '../../i18n';
import { telegramMessages } from '../../i18n/messages/telegram';
import { useToast } from '../ui/Toast';
import { eventUrl } from '../event/shareLinks';

interface GroupChatHintProps {
  eventId: string;
  botUsername: string;
  /** The server's public base URL: the bot knows its events by links on it. */
  publicUrl: string;
}

export function GroupChatHint({ eventId, botUsername, publicUrl }: GroupChatHintProps) {
  const t = useMessages(telegramMessages);
  const toast = useToast();
  const command = `/prost ${eventUrl(eventId, publicUrl.replace(/\/$/, '') || location.origin)}`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(command);
      toast.show(t.groupCopied);
    } catch {
      toast.show(t.groupCopyFailed);
    }
  }

  return (
    <div className="telegram-group">
      <h3>{t.groupTitle}</h3>
      <p className="muted small">
        {t.groupHint(botUsername)}{' '}
        <a href={`https://t.me/${encodeURIComponent(botUsername)}`} target="_blank" rel="noopener noreferrer">
          {t.botProfile(botUsername)}
        </a>
      </p>
      <div className="telegram-command">
        <code data-testid="telegram-group-command">{command}</code>
        <button type="button" className="btn btn-small" data-testid="telegram-group-copy" aria-label={t.groupCopyLabel} onClick={() => void copy()}>
          <span aria-hidden="true">📋</span> {t.groupCopy}
        </button>
      </div>
    </div>
  );
}
