// `/settings` (also `/account`, its older name): who is signed in, how they get in, Telegram,
// their data, and the way out. Shows the session's copy of the user at once and freshens it.
import { useNavigate } from 'react-router';
import { useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { settingsMessages } from '../i18n/messages/settings';
import { useSession } from '../lib';
import { useMe } from '../lib/account';
import { usePageTitle } from '../components/layout/usePageTitle';
import { DeleteAccountSection, ExportSection } from '../components/settings/DataSection';
import { PasswordSection } from '../components/settings/PasswordSection';
import { ProfileSection } from '../components/settings/ProfileSection';
import { ProvidersSection } from '../components/settings/ProvidersSection';
import { AccountTelegram } from '../components/telegram/AccountTelegram';
import { errorText } from '../components/ui/errorText';
import { Pour } from '../components/ui/Pour';
import '../styles/settings.css';

export default function SettingsPage() {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const session = useSession();
  const navigate = useNavigate();
  const me = useMe();
  usePageTitle(t.title);
  const user = me.data ?? session.user;
  if (!user) return <Pour />;

  async function signOut() {
    await session.signOut().catch(() => undefined);
    navigate('/');
  }

  return (
    <div className="page page-narrow stack settings-page" data-testid="settings-page">
      <div className="settings-head">
        <h1>{t.title}</h1>
        <p className="muted">{t.lead}</p>
      </div>
      {me.isError && (
        <p className="alert" role="alert">
          {errorText(me.error, common)}{' '}
          <button type="button" className="btn btn-small" onClick={() => void me.refetch()}>
            {common.retry}
          </button>
        </p>
      )}
      <ProfileSection key={user.id} user={user} />
      <PasswordSection user={user} />
      <ProvidersSection user={user} />
      <AccountTelegram userId={user.id} />
      <ExportSection />
      <div>
        <button type="button" className="btn btn-ghost" data-testid="settings-sign-out" onClick={() => void signOut()}>
          <span aria-hidden="true">👋</span> {t.signOut}
        </button>
      </div>
      <DeleteAccountSection />
    </div>
  );
}
