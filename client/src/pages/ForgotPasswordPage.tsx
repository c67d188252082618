// `/forgot-password`: the same answer for every address, known or not (no account enumeration).
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMessages } from '../i18n';
import { authMessages } from '../i18n/messages/auth';
import { commonMessages } from '../i18n/messages/common';
import { recoveryMessages } from '../i18n/messages/recovery';
import { isApiError } from '../lib';
import { accounts } from '../lib/account';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import { TextField } from '../components/ui/TextField';
import '../styles/auth.css';

export default function ForgotPasswordPage() {
  const t = useMessages(recoveryMessages);
  const auth = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const [email, setEmail] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t.forgotTitle);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    setFormError(null);
    if (!address) return setFieldError(auth.required);
    if (!/^\S+@\S+$/.test(address)) return setFieldError(auth.badEmail);
    setBusy(true);
    try {
      await accounts.forgotPassword(address);
      setSentTo(address);
    } catch (error) {
      if (isApiError(error, 'invalid_argument') && error.fields.email) setFieldError(error.fields.email);
      else setFormError(errorText(error, common));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="page page-narrow auth" aria-labelledby="forgot-title">
      <div className="auth-glass" aria-hidden="true">
        🗝️
      </div>
      <h1 id="forgot-title">{t.forgotTitle}</h1>
      {sentTo ? (
        <div className="card stack" data-testid="forgot-sent">
          <p role="status">{t.forgotSent(sentTo)}</p>
          <div className="row">
            <Link className="btn btn-primary" to="/login">
              {t.toLogin}
            </Link>
            <button type="button" className="btn btn-ghost" onClick={() => setSentTo(null)}>
              {t.forgotAgain}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="muted">{t.forgotLead}</p>
          <form className="card stack" onSubmit={submit} noValidate>
            <TextField
              label={auth.email}
              testId="forgot-email"
              type="email"
              value={email}
              onChange={(value) => {
                setEmail(value);
                setFieldError(undefined);
              }}
              error={fieldError}
              autoComplete="email"
              inputMode="email"
            />
            {formError && (
              <p className="alert" role="alert">
                {formError}
              </p>
            )}
            <button type="submit" className="btn btn-primary btn-big" data-testid="forgot-submit" disabled={busy}>
              {busy ? auth.working : t.forgotSubmit}
            </button>
          </form>
        </>
      )}
      <p className="auth-switch">
        <Link to="/login">{auth.toLoginLink}</Link>
      </p>
    </section>
  );
}
