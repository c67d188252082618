// "Same again next week" on a locked or finished event: a copy a week later, organised by the
// person who asked (API.md `POST /events/{id}/copy`). Loaded lazily, as only those events show it.
import { Link, useLocation, useNavigate } from 'react-router';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { repeatMessages } from '../../i18n/messages/repeat';
import { useSession, type Event } from '../../lib';
import { useCopyEvent } from '../../lib/discovery';
import { signInPath } from '../layout/returnTo';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';

const NEXT_WEEK = 7;

export default function SameAgain({ event }: { event: Event }) {
  const t = useMessages(repeatMessages);
  const common = useMessages(commonMessages);
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const copy = useCopyEvent(event.id);

  if (session.status !== 'signedIn') {
    return (
      <div className="same-again card row">
        <Link to={signInPath(location.pathname)} className="btn" data-testid="same-again-sign-in">
          <span aria-hidden="true">🔁</span> {t.sameAgainSignIn}
        </Link>
        <span className="muted small">{t.sameAgainHint}</span>
      </div>
    );
  }

  const pour = () =>
    copy.mutate(NEXT_WEEK, {
      onSuccess: (next) => {
        toast.show(t.sameAgainDone);
        navigate(`/e/${next.id}`);
      },
    });

  return (
    <div className="same-again card stack">
      <div className="row">
        <button type="button" className="btn btn-primary" data-testid="same-again" onClick={pour} disabled={copy.isPending}>
          <span aria-hidden="true">🔁</span> {copy.isPending ? t.sameAgainBusy : t.sameAgain}
        </button>
        <span className="muted small">{t.sameAgainHint}</span>
      </div>
      {copy.isError && (
        <p className="field-error" role="alert" data-testid="same-again-error">
          {errorText(copy.error, common)}
        </p>
      )}
    </div>
  );
}
