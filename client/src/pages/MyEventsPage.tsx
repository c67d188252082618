import { Link } from 'react-router';
import { useMessages } from '../i18n';
import { commonMessages } from '../i18n/messages/common';
import { myEventsMessages } from '../i18n/messages/myEvents';
import { useMyEvents, useSession, type EventSummary } from '../lib';
import { EventCard } from '../components/myEvents/EventCard';
import { usePageTitle } from '../components/layout/usePageTitle';
import { errorText } from '../components/ui/errorText';
import '../styles/events.css';

function EventList({ title, items }: { title: string; items: EventSummary[] }) {
  if (!items.length) return null;
  return (
    <section aria-label={title} className="stack">
      <h2>{title}</h2>
      <ul className="event-list">
        {items.map((summary) => (
          <EventCard key={summary.id} summary={summary} />
        ))}
      </ul>
    </section>
  );
}

function ListSkeleton() {
  return (
    <div className="event-list" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <div key={i} className="skeleton" style={{ height: 96 }} />
      ))}
    </div>
  );
}

export default function MyEventsPage() {
  const t = useMessages(myEventsMessages);
  const common = useMessages(commonMessages);
  const { user } = useSession();
  const events = useMyEvents({ limit: 100 });
  usePageTitle(t.title);

  const items = events.data?.items ?? [];
  const organised = items.filter((e) => e.organizer.id === user?.id);
  const joined = items.filter((e) => e.organizer.id !== user?.id);

  return (
    <div className="page stack my-events">
      <div className="spread">
        <h1>{t.title}</h1>
        {items.length > 0 && (
          <Link to="/new" className="btn btn-primary">
            <span aria-hidden="true">+</span> {t.newEvent}
          </Link>
        )}
      </div>
      {events.isPending && <ListSkeleton />}
      {events.isError && (
        <div className="alert stack" role="alert">
          <span>
            {t.loadError} {errorText(events.error, common)}
          </span>
          <button type="button" className="btn" onClick={() => void events.refetch()}>
            {common.retry}
          </button>
        </div>
      )}
      {events.isSuccess && items.length === 0 && (
        <div className="card empty">
          <span className="empty-emoji" aria-hidden="true">
            🫙
          </span>
          <h2>{t.emptyTitle}</h2>
          <p>{t.emptyText}</p>
          <Link to="/new" className="btn btn-primary btn-big">
            {t.emptyCta}
          </Link>
        </div>
      )}
      <EventList title={t.organised} items={organised} />
      <EventList title={t.joined} items={joined} />
    </div>
  );
}
