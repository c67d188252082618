import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { useMessages } from '../../i18n';
import { layoutMessages } from '../../i18n/messages/layout';
import { telegramMessages } from '../../i18n/messages/telegram';
import { useSession } from '../../lib';
import { LangToggle } from './LangToggle';
import { Logo } from './Logo';
import { signInPath } from './returnTo';
import { ThemeToggle } from './ThemeToggle';

export function Header() {
  const t = useMessages(layoutMessages);
  const account = useMessages(telegramMessages);
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // Signing in from an event page should land back on that event.
  const here = location.pathname + location.search;
  const signInLink = ['/', '/login', '/register'].includes(location.pathname) ? '/login' : signInPath(here);
  const signedIn = session.status === 'signedIn';

  async function signOut() {
    await session.signOut().catch(() => undefined);
    navigate('/');
  }

  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <div className="site-header-inner">
        <Link to="/" className="brand" aria-label={t.homeLink}>
          <Logo />
          <span className="brand-name" aria-hidden="true">
            Prost
          </span>
        </Link>
        <nav aria-label={t.mainNav} className="site-nav">
          {signedIn && (
            <NavLink to="/events" className="nav-link">
              {t.navEvents}
            </NavLink>
          )}
          {signedIn && (
            <NavLink to="/account" className="nav-link">
              {account.navAccount}
            </NavLink>
          )}
          <NavLink to="/new" className="nav-link nav-new">
            <span aria-hidden="true" className="nav-new-plus">
              +
            </span>
            <span className="nav-new-text">{t.navNew}</span>
          </NavLink>
          {session.status === 'signedOut' && (
            <NavLink to={signInLink} className="nav-link">
              {t.navSignIn}
            </NavLink>
          )}
        </nav>
        <div className="site-tools">
          <LangToggle />
          <ThemeToggle />
          {signedIn && session.user && (
            <button type="button" className="btn btn-ghost btn-small sign-out" onClick={signOut} title={t.signedInAs(session.user.name)}>
              <span className="sign-out-icon" aria-hidden="true">
                👋
              </span>
              {t.signOut}
            </button>
          )}
        </div>
      </div>
    </header>
  );
}
