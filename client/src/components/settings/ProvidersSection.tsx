// The providers this server offers, linked or not. Linking is the same trip to the provider as
// signing in, started with `link=1` and coming back here with `?linked=<provider>`.
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { settingsMessages } from '../../i18n/messages/settings';
import { forgetSignedOut, isApiError, useConfig, type User } from '../../lib';
import { oidcStartUrl, useUnlinkIdentity } from '../../lib/account';
import { OidcError } from '../auth/OidcError';
import { ConfirmButton } from '../ui/ConfirmButton';
import { errorText } from '../ui/errorText';
import { useToast } from '../ui/Toast';

export const SETTINGS_PATH = '/settings';

/** Says "linked" once after coming back from the provider, then tidies the address bar. */
function useLinkedNotice(nameOf: ((id: string) => string) | null) {
  const [params, setParams] = useSearchParams();
  const toast = useToast();
  const t = useMessages(settingsMessages);
  const linked = params.get('linked');
  useEffect(() => {
    // Waits for `/config`, so the notice names the provider rather than its id.
    if (!linked || !nameOf) return;
    toast.show(t.justLinked(nameOf(linked)));
    setParams(
      (p) => {
        p.delete('linked');
        return p;
      },
      { replace: true },
    );
  }, [linked, nameOf, setParams, t, toast]);
}

export function ProvidersSection({ user }: { user: User }) {
  const t = useMessages(settingsMessages);
  const common = useMessages(commonMessages);
  const toast = useToast();
  const config = useConfig();
  const unlink = useUnlinkIdentity();
  const [error, setError] = useState<string | null>(null);
  const offered = config.data?.auth.providers;
  const providers = offered ?? [];
  const nameOf = useCallback((id: string) => offered?.find((p) => p.id === id)?.name ?? id, [offered]);
  useLinkedNotice(offered ? nameOf : null);
  const linkError = useSearchParams()[0].get('error');
  const linked = new Set((user.identities ?? []).map((i) => i.provider));

  async function remove(provider: string, name: string) {
    setError(null);
    try {
      await unlink.mutateAsync(provider);
      toast.show(t.unlinked(name));
    } catch (e) {
      setError(isApiError(e, 'conflict') ? t.lastWayIn : errorText(e, common));
    }
  }

  return (
    <section className="card stack settings-section" aria-labelledby="settings-providers" data-testid="settings-providers">
      <h2 id="settings-providers">{t.providersTitle}</h2>
      <OidcError code={linkError} />
      {config.isLoading ? (
        <div className="skeleton" aria-hidden="true" />
      ) : !providers.length ? (
        <p className="muted">{t.noProviders}</p>
      ) : (
        <>
          <p className="muted">{t.providersLead}</p>
          <ul className="provider-rows">
            {providers.map(({ id, name }) => (
              <li key={id} className="provider-row" data-testid={`settings-provider-${id}`} data-linked={linked.has(id) || undefined}>
                <span className="provider-row-name">
                  <strong>{name}</strong>
                  <span className={linked.has(id) ? 'badge badge-open' : 'small muted'}>{linked.has(id) ? t.linked : t.notLinked}</span>
                </span>
                {linked.has(id) ? (
                  <ConfirmButton
                    className="btn btn-small"
                    title={t.unlinkTitle(name)}
                    question={t.unlinkQuestion(name)}
                    confirmText={t.unlink(name)}
                    onConfirm={() => remove(id, name)}
                    testId={`settings-unlink-${id}`}
                  >
                    {t.unlink(name)}
                  </ConfirmButton>
                ) : (
                  <a className="btn btn-small" href={oidcStartUrl(id, SETTINGS_PATH, { link: true })} onClick={forgetSignedOut} data-testid={`settings-link-${id}`}>
                    {t.link(name)}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p className="alert" role="alert" data-testid="settings-providers-error">
          {error}
        </p>
      )}
    </section>
  );
}
