import { useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import type { LiveStatus as Status } from '../../lib';

/** How many are looking and whether the live tap is flowing; small, so it never steals the show. */
export function LiveStatus({ status, presence }: { status: Status; presence: number }) {
  const t = useMessages(eventMessages);
  return (
    <div className="live-status">
      <span className="presence" data-testid="presence" aria-live="polite">
        <span aria-hidden="true">🍻 </span>
        {t.presence(Math.max(presence, 1))}
      </span>
      <span className="connection" data-testid="connection" data-state={status} title={t.connectionHint(status)} role="status">
        <span className="connection-dot" aria-hidden="true" />
        {t.connection(status)}
      </span>
    </div>
  );
}
