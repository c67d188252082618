import { Link } from 'react-router';
import { useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { eventMessages } from '../../i18n/messages/event';
import { usePageTitle } from '../layout/usePageTitle';
import { errorText } from '../ui/errorText';

/** The page's shape while the event pours in, so nothing jumps when it arrives. */
export function EventSkeleton() {
  const t = useMessages(eventMessages);
  return (
    <div className="page event-page" aria-busy="true">
      <p className="visually-hidden" role="status">
        {t.loadingEvent}
      </p>
      <div className="stack" aria-hidden="true">
        <div className="skeleton" style={{ width: 140, height: 16 }} />
        <div className="skeleton" style={{ width: '70%', height: 38 }} />
        <div className="skeleton" style={{ width: '50%', height: 18 }} />
        <div className="skeleton" style={{ height: 320, marginTop: 12 }} />
        <div className="event-panels">
          <div className="skeleton" style={{ height: 180 }} />
          <div className="skeleton" style={{ height: 180 }} />
        </div>
      </div>
    </div>
  );
}

/** Deleted while someone was looking (or before they came back). */
export function RoundOver() {
  const t = useMessages(eventMessages);
  usePageTitle(t.goneTitle);
  return (
    <section className="page page-narrow oops" aria-labelledby="gone-title">
      <div className="oops-art" aria-hidden="true">
        🧹
      </div>
      <h1 id="gone-title">{t.goneTitle}</h1>
      <p className="muted">{t.goneText}</p>
      <Link to="/new" className="btn btn-primary btn-big">
        {t.goneHome}
      </Link>
    </section>
  );
}

export function EventLoadError({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const t = useMessages(eventMessages);
  const common = useMessages(commonMessages);
  return (
    <section className="page page-narrow oops" role="alert">
      <div className="oops-art" aria-hidden="true">
        🫗
      </div>
      <h1>{t.loadError}</h1>
      <p className="muted">{errorText(error, common)}</p>
      <button type="button" className="btn btn-primary btn-big" onClick={onRetry}>
        {common.retry}
      </button>
    </section>
  );
}
