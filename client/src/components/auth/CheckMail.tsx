// "Check your mail": after signing up or changing the address, with a rate-limit-aware resend.
import type { ReactNode } from 'react';
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { commonMessages } from '../../i18n/messages/common';
import { useResendVerification } from '../../lib/account';
import { errorText } from '../ui/errorText';
import './checkMail.css';

export function ResendButton({ className = 'btn' }: { className?: string }) {
  const t = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const resend = useResendVerification();
  const waiting = resend.wait > 0;
  return (
    <div className="resend">
      <button
        type="button"
        className={className}
        data-testid="verify-resend"
        disabled={resend.state === 'sending' || waiting}
        onClick={() => void resend.send()}
      >
        {resend.state === 'sending' ? t.resending : t.resend}
      </button>
      <span className="small muted" role="status">
        {waiting ? t.resendWait(resend.wait) : resend.state === 'sent' ? t.resent : ''}
      </span>
      {resend.state === 'error' && (
        <span className="field-error" role="alert">
          {errorText(resend.error, common)}
        </span>
      )}
    </div>
  );
}

export function CheckMail({ email, children }: { email: string; children?: ReactNode }) {
  const t = useMessages(authMessages);
  return (
    <div className="card stack check-mail" data-testid="check-mail">
      <div className="check-mail-art" aria-hidden="true">
        📬
      </div>
      <h2 tabIndex={-1}>{t.checkTitle}</h2>
      <p>{t.checkLead(email)}</p>
      <p className="muted small">{t.checkSpam}</p>
      <ResendButton />
      {children}
    </div>
  );
}
