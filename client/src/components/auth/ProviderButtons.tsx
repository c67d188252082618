// "Sign in with Google" and friends: one button per provider the server offers (`GET /config`).
// Plain links, since the flow is a full-page trip to the provider and back.
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';
import { allGuestTokens, allOrganizerTokens, forgetSignedOut, useConfig } from '../../lib';
import { oidcStartUrl } from '../../lib/account';

/** The glyph beside a provider's name; the rest get a key. */
const GLYPHS: Record<string, string> = { google: 'G', telegram: '✈️', yandex: 'Я', github: '🐙' };

export function ProviderButtons({ returnTo }: { returnTo: string }) {
  const t = useMessages(authMessages);
  const providers = useConfig().data?.auth.providers ?? [];
  if (!providers.length) return null;
  // Guest answers and events come along, as with a password (the server claims them on the way back).
  const tokens = { participantTokens: allGuestTokens(), organizerTokens: allOrganizerTokens() };
  return (
    <div className="providers" data-testid="auth-providers">
      <ul className="providers-list" aria-label={t.providersLabel}>
        {providers.map((provider) => (
          <li key={provider.id}>
            <a
              className="btn btn-big provider-btn"
              href={oidcStartUrl(provider.id, returnTo, tokens)}
              data-testid={`auth-provider-${provider.id}`}
              // The server sets the session cookie on the way back; this browser must ask for it
              // on the next load rather than trust its memory of being signed out.
              onClick={forgetSignedOut}
            >
              <span className="provider-glyph" aria-hidden="true">
                {GLYPHS[provider.id] ?? '🔑'}
              </span>
              {t.withProvider(provider.name)}
            </a>
          </li>
        ))}
      </ul>
      <p className="providers-or muted small">{t.orPassword}</p>
    </div>
  );
}
