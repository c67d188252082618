// `/verify-email?token=`: the link from the mail. It verifies on load, once (a query keyed by the
// token, so a re-render or React's double effects in development never spend the token twice).
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { recoveryMessages } from '../i18n/messages/recovery';
import { updateUser, useSession } from '../lib';
import { accounts } from '../lib/account';
import { ResendButton } from '../components/auth/CheckMail';
import { dismissJustSignedUp } from '../components/auth/justSignedUp';
import { isSpentLink } from '../components/auth/linkOutcome';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import { Pour } from '../components/ui/Pour';
import '../styles/auth.css';

function Outcome({ art, title, lead, state, children }: { art: string; title: string; lead: string; state: string; children?: ReactNode }) {
  return (
    <div className="card stack link-outcome" data-testid="verify-state" data-state={state}>
      <div className="auth-glass" aria-hidden="true">
        {art}
      </div>
      <h2>{title}</h2>
      <p>{lead}</p>
      {children && <div className="row">{children}</div>}
    </div>
  );
}

export default function VerifyEmailPage() {
  const t = useMessages(recoveryMessages);
  const common = useMessages(commonMessages);
  const session = useSession();
  const token = useSearchParams()[0].get('token') ?? '';
  usePageTitle(t.verifyTitle);
  const verify = useQuery({
    queryKey: ['verify-email', token],
    queryFn: async () => {
      const { user } = await accounts.verifyEmail(token);
      updateUser(user);
      dismissJustSignedUp();
      return user;
    },
    // After the session is restored: a refresh answered later would bring back the unverified user.
    enabled: token !== '' && session.status !== 'loading',
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const signedIn = session.status === 'signedIn';
  const onward = signedIn ? (
    <Link className="btn btn-primary" to="/events">
      {t.toEvents}
    </Link>
  ) : (
    <Link className="btn btn-primary" to="/login">
      {t.toLogin}
    </Link>
  );

  let body: ReactNode;
  if (!token) {
    body = <Outcome art="🔗" title={t.missingTitle} lead={t.missingLead} state="missing">{signedIn && <ResendButton />}</Outcome>;
  } else if (verify.isPending) {
    body = <Pour label={t.verifying} />;
  } else if (verify.isSuccess) {
    body = <Outcome art="🍻" title={t.verifiedTitle} lead={t.verifiedLead} state="verified">{onward}</Outcome>;
  } else if (!isSpentLink(verify.error)) {
    body = (
      <Outcome art="🍺" title={t.verifyTitle} lead={errorText(verify.error, common)} state="error">
        <button type="button" className="btn btn-primary" onClick={() => void verify.refetch()}>
          {common.retry}
        </button>
      </Outcome>
    );
  } else if (!signedIn) {
    // Used, expired or unknown, and nobody to ask: say all of it, and where to go next.
    body = <Outcome art="🫗" title={t.spentTitle} lead={t.spentLead} state="spent">{onward}</Outcome>;
  } else if (session.user?.emailVerified) {
    // Most likely this very link, opened twice: the address is confirmed, nothing to do.
    body = <Outcome art="🥂" title={t.usedTitle} lead={t.usedLead} state="used">{onward}</Outcome>;
  } else {
    body = (
      <Outcome art="🫗" title={t.expiredTitle} lead={t.expiredLead} state="expired">
        <ResendButton className="btn btn-primary" />
      </Outcome>
    );
  }

  return (
    <section className="page page-narrow auth" aria-labelledby="verify-title">
      <h1 id="verify-title" className="visually-hidden">
        {t.verifyTitle}
      </h1>
      {body}
    </section>
  );
}
