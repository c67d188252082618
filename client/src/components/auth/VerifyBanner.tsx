// A strip under the header for accounts whose address is not confirmed yet. Mail about events only
// goes to confirmed addresses (API.md), so it stays until they are; the verify page hides it.
// Loaded lazily by `UnverifiedGate`, only for those accounts.
import { useState } from 'react';
import { useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { useSession } from '../../lib';
import { CheckMail, ResendButton } from './CheckMail';
import { dismissJustSignedUp, justSignedUp } from './justSignedUp';

const HIDDEN_ON = new Set(['/verify-email']);

export default function VerifyBanner() {
  const t = useMessages(authMessages);
  const { user } = useSession();
  const { pathname } = useLocation();
  const [fresh, setFresh] = useState(justSignedUp);
  // The verify page settles it.
  if (!user || user.emailVerified !== false || HIDDEN_ON.has(pathname)) return null;
  if (fresh) {
    const dismiss = () => {
      dismissJustSignedUp();
      setFresh(false);
    };
    return (
      <aside className="verify-banner verify-banner-fresh" aria-label={t.checkTitle}>
        <CheckMail email={user.email}>
          <div>
            <button type="button" className="btn btn-primary" data-testid="check-mail-dismiss" onClick={dismiss}>
              {t.gotIt}
            </button>
          </div>
        </CheckMail>
      </aside>
    );
  }
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
