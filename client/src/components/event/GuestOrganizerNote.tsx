import { Link } from 'react-router';
import { useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import { useSession, type Event } from '../../lib';
import { signInPath } from '../layout/returnTo';

/**
 * For an organiser without an account: the key to this event lives in this browser only, and
 * signing up moves the event into an account (the organiser token goes with the sign-up).
 */
export function GuestOrganizerNote({ event }: { event: Event }) {
  const t = useMessages(eventMessages);
  const { status } = useSession();
  if (status !== 'signedOut') return null;
  return (
    <p className="card guest-organizer-note small" data-testid="guest-organizer-note">
      <span aria-hidden="true">🔑 </span>
      {t.guestOrganizer}{' '}
      <Link to={signInPath(`/e/${event.id}`, 'register')}>{t.guestOrganizerSignUp}</Link>{' '}
      <Link to={signInPath(`/e/${event.id}`)}>{t.guestOrganizerSignIn}</Link>
    </p>
  );
}
