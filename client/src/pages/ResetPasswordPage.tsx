// `/reset-password?token=`: a new password from the mailed link, then signed in (the reset answers
// like a login, and ends every other session).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMessages } from '../i18n';
import { authMessages } from '../i18n/messages/auth';
import { commonMessages } from '../i18n/messages/common';
import { recoveryMessages } from '../i18n/messages/recovery';
import { isApiError, signInWith } from '../lib';
import { accounts, retryWhileBusy, useCountdown } from '../lib/account';
import { isSpentLink } from '../components/auth/linkOutcome';
import { passwordProblemText } from '../components/auth/passwordText';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import { TextField } from '../components/ui/TextField';
import { useToast } from '../components/ui/Toast';
import '../styles/auth.css';


export default function ResetPasswordPage() {
  const t = useMessages(recoveryMessages);
  const auth = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const token = useSearchParams()[0].get('token') ?? '';
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [badLink, setBadLink] = useState(!token);
  const [busy, setBusy] = useState(false);
  const [busyWait, startBusyWait] = useCountdown();
  usePageTitle(t.resetTitle);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (!password) return setFieldError(auth.required);
    if (password.length < 8) return setFieldError(auth.tooShort);
    setBusy(true);
    try {
      const answer = await retryWhileBusy(() => accounts.resetPassword(token, password), { onWait: startBusyWait });
      signInWith(answer);
      void queries.invalidateQueries();
      toast.show(t.resetDone);
      navigate('/events', { replace: true });
    } catch (error) {
      setBusy(false);
      startBusyWait(0);
      const problem = isApiError(error, 'invalid_argument') ? passwordProblemText(error.fields.password ?? error.fields.newPassword, auth) : undefined;
      if (problem) setFieldError(problem);
      else if (isSpentLink(error)) setBadLink(true);
      else setFormError(errorText(error, common));
    }
  }

  return (
    <section className="page page-narrow auth" aria-labelledby="reset-title">
      <div className="auth-glass" aria-hidden="true">
        🔐
      </div>
      <h1 id="reset-title">{t.resetTitle}</h1>
      {badLink ? (
        <div className="card stack" data-testid="reset-bad-link" role="alert">
          <p>{t.resetBadLink}</p>
          <div>
            <Link className="btn btn-primary" to="/forgot-password">
              {t.askAgain}
            </Link>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">{t.resetLead}</p>
          <form className="card stack" onSubmit={submit} noValidate>
            {/* Lets password managers file the new password under the right account. */}
            <input type="text" name="username" autoComplete="username" hidden readOnly />
            <TextField
              label={t.newPassword}
              testId="reset-password"
              type="password"
              value={password}
              onChange={(value) => {
                setPassword(value);
                setFieldError(undefined);
              }}
              error={fieldError}
              autoComplete="new-password"
              hint={auth.passwordHint}
            />
            {formError && (
              <p className="alert" role="alert">
                {formError}
              </p>
            )}
            <p className="small muted busy-note" role="status">
              {busy && busyWait > 0 ? auth.busy(busyWait) : ''}
            </p>
            <button type="submit" className="btn btn-primary btn-big" data-testid="reset-submit" disabled={busy}>
              {busy ? auth.working : t.resetSubmit}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
