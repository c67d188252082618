import { useState } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { organizerMessages } from '../../i18n/messages/organizer';
import { useReopen, type Event } from '../../lib';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';
import { EditEventDialog } from './EditEventDialog';

/** The organiser's everyday buttons: lock the plan (or reopen it) and edit the details. */
export function OrganizerBar({ event, onFinalize }: { event: Event; onFinalize(): void }) {
  const t = useMessages(organizerMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const reopen = useReopen(event.id);
  const [editing, setEditing] = useState(false);

  return (
    <div className="organizer-bar">
      {event.status === 'open' ? (
        <button type="button" className="btn btn-primary" data-testid="finalize-open" onClick={onFinalize} disabled={event.slots.length === 0}>
          <span aria-hidden="true">🥂</span> {t.finalizeOpen}
        </button>
      ) : (
        <button
          type="button"
          className="btn"
          disabled={reopen.isPending}
          onClick={() => reopen.mutate(undefined, { onSuccess: () => toast.show(t.reopenDone) })}
        >
          <span aria-hidden="true">↩</span> {t.reopen}
        </button>
      )}
      <button type="button" className="btn" onClick={() => setEditing(true)}>
        <span aria-hidden="true">✏️</span> {t.edit}
      </button>
      {reopen.isError && (
        <p className="field-error" role="alert">
          {errorText(reopen.error, common)}
        </p>
      )}
      <EditEventDialog event={event} open={editing} onClose={() => setEditing(false)} />
    </div>
  );
}
