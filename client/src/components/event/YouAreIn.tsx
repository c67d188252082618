import { useEffect, useRef } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { eventMessages } from '../../i18n/messages/event';
import { useRemoveParticipant, type Participant } from '../../lib';
import { ConfirmButton } from '../ui/ConfirmButton';
import { errorText } from '../ui/errorText';

/** Who this browser votes as, with a way out. */
export function YouAreIn({ eventId, me, focusOnShow = false }: { eventId: string; me: Participant; focusOnShow?: boolean }) {
  const t = useMessages(eventMessages);
  const common = useMessages(commonMessages);
  const leave = useRemoveParticipant(eventId);
  const ref = useRef<HTMLDivElement>(null);
  // Right after joining, the join form (and the focus in it) is gone: focus lands here instead
  // of on the page body, and a screen reader hears who you are in as.
  useEffect(() => {
    if (focusOnShow) ref.current?.focus();
  }, [focusOnShow]);
  return (
    <div className="you-are-in" ref={ref} tabIndex={-1} data-testid="you-are-in">
      <span aria-hidden="true">🙋 </span>
      {t.youAre(me.name)}
      <ConfirmButton className="btn btn-ghost btn-small" title={t.leave} question={t.leaveConfirm} confirmText={t.leave} onConfirm={() => leave.mutateAsync(me.id)}>
        {t.leave}
      </ConfirmButton>
      {leave.isError && <span className="field-error">{errorText(leave.error, common)}</span>}
    </div>
  );
}
