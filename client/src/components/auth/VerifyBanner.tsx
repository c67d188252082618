// A strip under the header for accounts whose address is not confirmed yet. Mail about events only
// goes to confirmed addresses (API.md), so it stays until they are; the verify page hides it.
// Loaded lazily by `UnverifiedGate`, only for those accounts.
import { useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { useSession } from '../../lib';
import { ResendButton } from './CheckMail';

const HIDDEN_ON = new Set(['/verify-email', '/register']);

export default function VerifyBanner() {
  const t = useMessages(authMessages);
  const { user } = useSession();
  const { pathname } = useLocation();
  // The verify page settles it, and sign-up's own "check your mail" already says the same.
  if (!user || user.emailVerified !== false || HIDDEN_ON.has(pathname)) return null;
  return (
    <aside className="verify-banner" data-testid="verify-banner" aria-label={t.checkTitle}>
      <span className="verify-banner-text">
        <span aria-hidden="true">📬 </span>
        {t.unverified(user.email)}
      </span>
      <ResendButton className="btn btn-small" />
    </aside>
  );
}
