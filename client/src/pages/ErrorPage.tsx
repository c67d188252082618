import { useMessages } from '../i18n';
import { layoutMessages } from '../i18n/messages/layout';
import { usePageTitle } from '../components/layout/usePageTitle';

/** What the error boundary shows when a page throws while rendering. */
export default function ErrorPage({ error }: { error?: unknown }) {
  const t = useMessages(layoutMessages);
  usePageTitle(t.errorTitle);
  const detail = error instanceof Error ? error.message : null;
  return (
    <section className="page page-narrow oops" role="alert" aria-labelledby="error-title">
      <div className="oops-art" aria-hidden="true">
        <span className="oops-glass oops-tipped">🍺</span>
      </div>
      <h1 id="error-title">{t.errorTitle}</h1>
      <p className="muted">{t.errorText}</p>
      <div className="row oops-actions">
        <button type="button" className="btn btn-primary btn-big" onClick={() => location.reload()}>
          {t.errorReload}
        </button>
        {/* A plain link on purpose: a full load leaves the broken state behind. */}
        <a href="/" className="btn btn-big">
          {t.errorHome}
        </a>
      </div>
      {detail && (
        <details className="oops-details">
          <summary>{t.errorDetails}</summary>
          <code>{detail}</code>
        </details>
      )}
    </section>
  );
}
