import { lazy, Suspense, useState } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { friendsMessages } from '../../i18n/messages/friends';
import { organizerMessages } from '../../i18n/messages/organizer';
import { repeatMessages } from '../../i18n/messages/repeat';
import { useReopen, useSession, type Event } from '../../lib';
import { downloadAnswersCsv } from '../../lib/discovery';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';
import { EditEventDialog } from './EditEventDialog';

// Friends come with an account; the dialog (and its list) loads the first time it is opened.
const InviteDialog = lazy(() => import('../invite/InviteDialog'));

/** The organiser's everyday buttons: lock the plan (or reopen it), edit, invite, export. */
export function OrganizerBar({ event, onFinalize }: { event: Event; onFinalize(): void }) {
  const t = useMessages(organizerMessages);
  const common = useMessages(commonMessages);
  const friendsText = useMessages(friendsMessages);
  const repeat = useMessages(repeatMessages);
  const toast = useToast();
  const session = useSession();
  const reopen = useReopen(event.id);
  const [editing, setEditing] = useState(false);
  const [inviting, setInviting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      await downloadAnswersCsv(event);
    } catch (error) {
      setExportError(`${repeat.csvFailed} ${errorText(error, common)}`);
    } finally {
      setExporting(false);
    }
  }

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
      {session.status === 'signedIn' && (
        <button type="button" className="btn" data-testid="invite-open" onClick={() => setInviting(true)}>
          <span aria-hidden="true">💌</span> {friendsText.inviteOpen}
        </button>
      )}
      <button type="button" className="btn" data-testid="answers-csv" onClick={() => void exportCsv()} disabled={exporting}>
        <span aria-hidden="true">📊</span> {exporting ? repeat.csvBusy : repeat.csv}
      </button>
      {exportError && (
        <p className="field-error" role="alert" data-testid="answers-csv-error">
          {exportError}
        </p>
      )}
      {reopen.isError && (
        <p className="field-error" role="alert">
          {errorText(reopen.error, common)}
        </p>
      )}
      <EditEventDialog event={event} open={editing} onClose={() => setEditing(false)} />
      {inviting && (
        <Suspense fallback={null}>
          <InviteDialog event={event} open={inviting} onClose={() => setInviting(false)} />
        </Suspense>
      )}
    </div>
  );
}
