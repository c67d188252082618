// A strip under the header for accounts whose address is not confirmed yet. Mail about events only
// goes to confirmed addresses (API.md), so it stays until they are; the verify page hides it.
// Loaded lazily by `UnverifiedGate`, only for those accounts.
import { useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { useSession } from '../../lib';
import { ResendButton } from './CheckMail';

export default function VerifyBanner() {
  const t = useMessages(authMessages);
  const { user } = useSession();
  const { pathname } = useLocation();
  if (!user || user.emailVerified !== false || pathname === '/verify-email') return null;
  return (
    <aside className="verify-banner" data-testid="verify-banner" aria-label={t.checkTitle}>
      <span aria-hidden="true">📬</span>
      <span className="verify-banner-text">{t.unverified(user.email)}</span>
      <ResendButton className="btn btn-small" />
    </aside>
  );
}
