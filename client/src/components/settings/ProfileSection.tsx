// Name and email. A new email is unconfirmed until its link is opened, so saving one says so.
import { useState, type FormEvent } from 'react';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { settingsMessages } from '../../i18n/messages/settings';
import { isApiError, type MePatch, type User } from '../../lib';
import { usePatchMe } from '../../lib/account';
import { CheckMail } from '../auth/CheckMail';
import { errorText } from '../ui/errorText';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';

type Field = 'name' | 'email';

/** Only what changed goes to the server, so an unchanged email is never re-verified. */
export function profilePatch(user: Pick<User, 'name' | 'email'>, values: Record<Field, string>): MePatch {
  const patch: MePatch = {};
  const name = values.name.trim();
  const email = values.email.trim();
  if (name && name !== user.name) patch.name = name;
  if (email && email.toLowerCase() !== user.email.toLowerCase()) patch.email = email;
  return patch;
}

export function ProfileSection({ user }: { user: User }) {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const patchMe = usePatchMe();
  const [values, setValues] = useState<Record<Field, string>>({ name: user.name, email: user.email });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [newEmail, setNewEmail] = useState<string | null>(null);

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const patch = profilePatch(user, values);
    if (!patch.name && !patch.email) return toast.show(t.nothingChanged);
    try {
      const saved = await patchMe.mutateAsync(patch);
      setValues({ name: saved.name, email: saved.email });
      if (patch.email) setNewEmail(saved.email);
      else toast.show(t.profileSaved);
    } catch (error) {
      if (isApiError(error, 'conflict')) setErrors({ email: t.emailTaken });
      else if (isApiError(error, 'invalid_argument') && Object.keys(error.fields).length) setErrors(error.fields);
      else setFormError(errorText(error, common));
    }
  }

  return (
    <section className="card stack settings-section" aria-labelledby="settings-profile" data-testid="settings-profile">
      <h2 id="settings-profile">{t.profileTitle}</h2>
      <form className="stack" onSubmit={save} noValidate>
        <TextField label={t.name} testId="settings-name" value={values.name} onChange={set('name')} error={errors.name} autoComplete="name" maxLength={80} />
        <TextField
          label={t.email}
          testId="settings-email"
          type="email"
          value={values.email}
          onChange={set('email')}
          error={errors.email}
          autoComplete="email"
          inputMode="email"
          hint={user.emailVerified === false ? t.unverified : undefined}
        />
        {/* Only on the server's word: an older server does not say either way. */}
        {user.emailVerified === true && (
          <span className="badge badge-open verified-badge" data-testid="settings-verified">
            ✓ {t.verified}
          </span>
        )}
        {formError && (
          <p className="alert" role="alert">
            {formError}
          </p>
        )}
        <div>
          <button type="submit" className="btn btn-primary" data-testid="settings-save" disabled={patchMe.isPending}>
            {patchMe.isPending ? common.saving : common.save}
          </button>
        </div>
      </form>
      {newEmail && user.emailVerified === false && (
        <div role="status">
          <CheckMail email={newEmail}>
            <p className="small">{t.emailChanged(newEmail)}</p>
          </CheckMail>
        </div>
      )}
    </section>
  );
}
