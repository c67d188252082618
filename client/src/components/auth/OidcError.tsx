// The message for `/login?error=<code>`, where the server sends a social sign-in that failed.
import { useMessages } from '../../i18n';
import { authMessages } from '../../i18n/messages/auth';

export const OIDC_ERRORS = [
  'oidc_state',
  'oidc_denied',
  'oidc_token',
  'oidc_email_unverified',
  'oidc_unavailable',
  'oidc_already_linked',
] as const;
export type OidcErrorCode = (typeof OIDC_ERRORS)[number];

const isKnown = (code: string): code is OidcErrorCode => (OIDC_ERRORS as readonly string[]).includes(code);

export function OidcError({ code }: { code: string | null }) {
  const t = useMessages(authMessages);
  if (!code) return null;
  return (
    <div className="alert oidc-error" role="alert" data-testid="auth-error" data-code={code}>
      <strong>{t.oidcErrors}</strong>
      <p>{isKnown(code) ? t[code] : t.oidc_unknown}</p>
    </div>
  );
}
