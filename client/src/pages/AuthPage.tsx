import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMessages } from '../i18n';
import { authMessages } from '../i18n/messages/auth';
import { commonMessages } from '../i18n/messages/common';
import { isApiError, useConfig, useSession } from '../lib';
import { useCountdown } from '../lib/account';
import { markJustSignedUp } from '../components/auth/justSignedUp';
import { OidcError } from '../components/auth/OidcError';
import { passwordProblemText } from '../components/auth/passwordText';
import { ProviderButtons } from '../components/auth/ProviderButtons';
import { safeNext } from '../components/layout/returnTo';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import { TextField } from '../components/ui/TextField';
import '../styles/auth.css';

type Mode = 'login' | 'register';
type Field = 'name' | 'email' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

/** What we can tell before asking the server; it has the last word on everything else. */
function checkLocally(mode: Mode, values: Record<Field, string>, t: (typeof authMessages)['en']): FieldErrors {
  const errors: FieldErrors = {};
  if (mode === 'register' && !values.name.trim()) errors.name = t.required;
  if (!values.email.trim()) errors.email = t.required;
  else if (!/^\S+@\S+$/.test(values.email.trim())) errors.email = t.badEmail;
  if (!values.password) errors.password = t.required;
  else if (mode === 'register' && values.password.length < 8) errors.password = t.tooShort;
  return errors;
}

export default function AuthPage({ mode }: { mode: Mode }) {
  const t = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [values, setValues] = useState<Record<Field, string>>({ name: '', email: '', password: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Seconds until the next try while the server is too busy hashing (503 `unavailable`). */
  const [busyWait, startBusyWait] = useCountdown();
  const queries = useQueryClient();
  const verification = useConfig().data?.auth.emailVerification === true;
  usePageTitle(mode === 'login' ? t.loginSubmit : t.registerSubmit);

  // A failed link from settings comes back here too (the server has one error page): someone
  // signed in reads it where they started.
  const oidcError = params.get('error');
  if (session.status === 'signedIn' && !busy) {
    return <Navigate to={oidcError ? `/settings?error=${encodeURIComponent(oidcError)}` : next} replace />;
  }

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setFieldErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = checkLocally(mode, values, t);
    setFieldErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    const options = { onBusy: startBusyWait };
    try {
      const user =
        mode === 'login'
          ? await session.signIn(values.email.trim(), values.password, options)
          : await session.signUp(values.name.trim(), values.email.trim(), values.password, options);
      // Answers and events this browser held as a guest now belong to the account: show them so.
      void queries.invalidateQueries();
      // Back where they came from at once (a guest mid-vote keeps voting); the banner there
      // opens as "check your mail" for an address that waits for its link.
      if (mode === 'register' && verification && user.emailVerified === false) markJustSignedUp();
      navigate(next, { replace: true });
    } catch (error) {
      setBusy(false);
      startBusyWait(0);
      if (isApiError(error, 'unauthenticated')) setFormError(t.wrongCredentials);
      else if (isApiError(error, 'conflict')) setFieldErrors({ email: t.emailTaken });
      else if (isApiError(error, 'invalid_argument') && Object.keys(error.fields).length) {
        const fields = error.fields as FieldErrors;
        setFieldErrors({ ...fields, password: passwordProblemText(fields.password, t) });
      }
      else setFormError(errorText(error, common));
    }
  }

  const other = mode === 'login' ? 'register' : 'login';
  const otherLink = `/${other}${params.get('next') ? `?next=${encodeURIComponent(next)}` : ''}`;

  return (
    <section className="page page-narrow auth" aria-labelledby="auth-title">
      <div className="auth-glass" aria-hidden="true">
        {mode === 'login' ? '🍻' : '🪑'}
      </div>
      <h1 id="auth-title">{mode === 'login' ? t.loginTitle : t.registerTitle}</h1>
      <p className="muted">{mode === 'login' ? t.loginLead : t.registerLead}</p>
      {mode === 'login' && <OidcError code={oidcError} />}
      <ProviderButtons returnTo={next} />
      <form className="card stack" onSubmit={submit} noValidate>
        {mode === 'register' && (
          <TextField
            label={t.name}
            testId="auth-name"
            value={values.name}
            onChange={set('name')}
            error={fieldErrors.name}
            autoComplete="name"
            placeholder={t.namePlaceholder}
            maxLength={80}
          />
        )}
        <TextField
          label={t.email}
          testId="auth-email"
          type="email"
          value={values.email}
          onChange={set('email')}
          error={fieldErrors.email}
          autoComplete="email"
          inputMode="email"
        />
        <TextField
          label={t.password}
          testId="auth-password"
          type="password"
          value={values.password}
          onChange={set('password')}
          error={fieldErrors.password}
          autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
          hint={mode === 'register' ? t.passwordHint : undefined}
        />
        {formError && (
          <p className="alert" role="alert">
            {formError}
          </p>
        )}
        <p className="small muted busy-note" role="status" data-testid="auth-busy">
          {busy && busyWait > 0 ? t.busy(busyWait) : ''}
        </p>
        <button type="submit" className="btn btn-primary btn-big" data-testid="auth-submit" disabled={busy}>
          {busy ? t.working : mode === 'login' ? t.loginSubmit : t.registerSubmit}
        </button>
        {mode === 'login' && (
          <Link className="small auth-forgot" to="/forgot-password" data-testid="auth-forgot">
            {t.forgotLink}
          </Link>
        )}
      </form>
      <p className="auth-switch">
        {mode === 'login' ? t.toRegister : t.toLogin}{' '}
        <Link to={otherLink}>{mode === 'login' ? t.toRegisterLink : t.toLoginLink}</Link>
      </p>
    </section>
  );
}
