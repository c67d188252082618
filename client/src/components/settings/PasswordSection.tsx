// Change the password, or set a first one for an account made through a provider.
import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { commonMessages } from '../../i18n/messages/common';
import { settingsMessages } from '../../i18n/messages/settings';
import { isApiError, type User } from '../../lib';
import { useChangePassword, useCountdown } from '../../lib/account';
import { passwordProblemText } from '../auth/passwordText';
import { errorText } from '../ui/errorText';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';

type Field = 'currentPassword' | 'newPassword';

export function PasswordSection({ user }: { user: User }) {
  const t = useMessages(settingsMessages);
  const auth = useMessages(authMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const [busyWait, startBusyWait] = useCountdown();
  const change = useChangePassword(startBusyWait);
  // Older servers do not say; they only know accounts with passwords.
  const hasPassword = user.hasPassword !== false;
  const [values, setValues] = useState<Record<Field, string>>({ currentPassword: '', newPassword: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const local: Partial<Record<Field, string>> = {};
    if (hasPassword && !values.currentPassword) local.currentPassword = auth.required;
    if (!values.newPassword) local.newPassword = auth.required;
    else if (values.newPassword.length < 8) local.newPassword = auth.tooShort;
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      await change.mutateAsync({ newPassword: values.newPassword, currentPassword: hasPassword ? values.currentPassword : undefined });
      setValues({ currentPassword: '', newPassword: '' });
      toast.show(hasPassword ? t.passwordChanged : t.passwordSet);
    } catch (error) {
      startBusyWait(0);
      if (isApiError(error, 'unauthenticated')) setErrors({ currentPassword: t.wrongCurrent });
      else if (isApiError(error, 'invalid_argument') && Object.keys(error.fields).length) {
        const said = error.fields.newPassword ?? error.fields.password;
        setErrors({ newPassword: passwordProblemText(said, auth), currentPassword: error.fields.currentPassword });
      } else setFormError(errorText(error, common));
    }
  }

  return (
    <section className="card stack settings-section" aria-labelledby="settings-password" data-testid="settings-password">
      <h2 id="settings-password">{hasPassword ? t.passwordTitle : t.setPasswordTitle}</h2>
      {!hasPassword && <p className="muted">{t.setPasswordLead}</p>}
      <form className="stack" onSubmit={submit} noValidate>
        <input type="text" name="username" autoComplete="username" value={user.email} hidden readOnly />
        {hasPassword && (
          <TextField
            label={t.currentPassword}
            testId="settings-current-password"
            type="password"
            value={values.currentPassword}
            onChange={set('currentPassword')}
            error={errors.currentPassword}
            autoComplete="current-password"
          />
        )}
        <TextField
          label={t.newPassword}
          testId="settings-new-password"
          type="password"
          value={values.newPassword}
          onChange={set('newPassword')}
          error={errors.newPassword}
          autoComplete="new-password"
          hint={t.passwordHint}
        />
        {formError && (
          <p className="alert" role="alert">
            {formError}
          </p>
        )}
        <p className="small muted busy-note" role="status">
          {change.isPending && busyWait > 0 ? auth.busy(busyWait) : ''}
        </p>
        <div>
          <button type="submit" className="btn btn-primary" data-testid="settings-password-submit" disabled={change.isPending}>
            {change.isPending ? common.saving : hasPassword ? t.changePassword : t.setPassword}
          </button>
        </div>
      </form>
    </section>
  );
}
