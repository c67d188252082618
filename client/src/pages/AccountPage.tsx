// The account area: who is signed in, the Telegram link, and the way out.
import { useNavigate } from 'react-router';
import { useMessages } from '../i18n';
import { accountMessages } from '../i18n/messages/account';
import { useSession } from '../lib';
import { AccountTelegram } from '../components/telegram/AccountTelegram';
import { usePageTitle } from '../components/layout/usePageTitle';

export default function AccountPage() {
  const t = useMessages(accountMessages);
  const session = useSession();
  const navigate = useNavigate();
  usePageTitle(t.title);
  const user = session.user;
  if (!user) return null;

  async function signOut() {
    await session.signOut().catch(() => undefined);
    navigate('/');
  }

  return (
    <div className="page page-narrow stack account-page">
      <h1>{t.title}</h1>
      <p className="muted">{t.signedInAs(user.name, user.email)}</p>
      <AccountTelegram userId={user.id} />
      <div>
        <button type="button" className="btn btn-ghost" onClick={() => void signOut()}>
          <span aria-hidden="true">👋</span> {t.signOut}
        </button>
      </div>
    </div>
  );
}
