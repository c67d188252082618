import { Link, NavLink, useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { layoutMessages } from '../../i18n/messages/layout';
import { accountMessages } from '../../i18n/messages/account';
import { useSession } from '../../lib';
import { LangToggle } from './LangToggle';
import { Logo } from './Logo';
import { signInPath } from './returnTo';
import { ThemeToggle } from './ThemeToggle';

export function Header() {
  const t = useMessages(layoutMessages);
  const account = useMessages(accountMessages);
  const session = useSession();
  const location = useLocation();
  // Signing in from an event page should land back on that event.
  const here = location.pathname + location.search;
  const signInLink = ['/', '/login', '/register'].includes(location.pathname) ? '/login' : signInPath(here);
  const signedIn = session.status === 'signedIn';

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
            // The account area (settings, Telegram, sign out) sits behind the person's own name.
            <NavLink to="/settings" className="btn btn-ghost btn-small account-link" aria-label={account.accountOf(session.user.name)} title={t.signedInAs(session.user.name)}>
              <span className="sign-out-icon" aria-hidden="true">
                👤
              </span>
              <span className="account-name">{session.user.name}</span>
            </NavLink>
          )}
        </div>
      </div>
    </header>
  );
}
