import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { eventMessages } from '../../i18n/messages/event';
import { distinctName, nameTaken, useJoinEvent, useSession, type Event } from '../../lib';
import { signInPath } from '../layout/returnTo';
import { errorText } from '../ui/errorText';

interface JoinFormProps {
  event: Event;
  isOrganizer: boolean;
  /** After joining: the page moves focus on, since this form is about to disappear. */
  onJoined?: () => void;
}

/**
 * "Pull up a chair": a name and a button. Guests join with the name alone (when the organiser
 * allows it); signed-in people get their account name filled in.
 */
export function JoinForm({ event, isOrganizer, onJoined }: JoinFormProps) {
  const t = useMessages(eventMessages);
  const common = useMessages(commonMessages);
  const session = useSession();
  const location = useLocation();
  const join = useJoinEvent(event.id);
  const [name, setName] = useState(session.user?.name ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  /** A name someone here already has, once warned about: a second submit joins with it anyway. */
  const [twin, setTwin] = useState<string | null>(null);
  const signedIn = session.status === 'signedIn';

  if (!signedIn && !event.settings.allowGuests) {
    return (
      <section className="card join" aria-labelledby="join-title">
        <h2 id="join-title">{t.joinTitle}</h2>
        <p className="muted">{t.joinGuestsOff}</p>
        <Link className="btn btn-primary" to={signInPath(location.pathname)}>
          {t.joinSignIn}
        </Link>
      </section>
    );
  }

  async function joinAs(chosen: string) {
    setProblem(null);
    try {
      await join.mutateAsync(chosen);
      onJoined?.();
    } catch (error) {
      setProblem(errorText(error, common));
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim() || session.user?.name || '';
    if (!trimmed) {
      setProblem(t.joinNeedName);
      return;
    }
    // Two Sashas are two people, but friends need to tell them apart: ask once for an initial.
    if (!signedIn && nameTaken(event.participants, trimmed) && twin !== trimmed) {
      setTwin(trimmed);
      setProblem(t.joinNameTaken(trimmed));
      return;
    }
    await joinAs(trimmed);
  }

  return (
    <section className="card join" aria-labelledby="join-title">
      <h2 id="join-title">{t.joinTitle}</h2>
      <p className="muted">{isOrganizer ? t.joinLeadOrganizer : t.joinLead}</p>
      <form className="join-form" onSubmit={submit} noValidate>
        <label className="visually-hidden" htmlFor="join-name">
          {t.joinName}
        </label>
        <input
          id="join-name"
          className="input"
          data-testid="join-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={t.joinNamePlaceholder}
          autoComplete="nickname"
          maxLength={80}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'join-problem' : undefined}
        />
        <button type="submit" className="btn btn-primary" data-testid="join-submit" disabled={join.isPending}>
          {join.isPending ? t.joining : t.joinSubmit}
        </button>
      </form>
      {problem && (
        <p id="join-problem" className="field-error" role="alert">
          {problem}
        </p>
      )}
      {twin && twin === name.trim() && (
        <button type="button" className="btn btn-small" data-testid="join-distinct" onClick={() => void joinAs(distinctName(event.participants, twin))}>
          {t.joinAnyway(distinctName(event.participants, twin))}
        </button>
      )}
      {!signedIn && <p className="muted small">{t.joinGuestNote}</p>}
    </section>
  );
}
