import { Link } from 'react-router';
import { useLang, useMessages } from '../../i18n';
import { myEventsMessages } from '../../i18n/messages/myEvents';
import { formatDay, formatRange, localTime, viewerZone, type EventSummary } from '../../lib';
import { summaryStatus } from './eventStatus';

/** "Fri 4 Dec – Sun 6 Dec" for the span of an event's candidate times, in the reader's zone. */
function spanText(summary: EventSummary, zone: string, lang: 'en' | 'ru'): string | null {
  if (!summary.firstStart || !summary.lastEnd) return null;
  const first = formatDay(localTime(summary.firstStart, zone).date, lang);
  // The end instant is exclusive: a slot ending at midnight belongs to the day before.
  const last = formatDay(localTime(Date.parse(summary.lastEnd) - 1, zone).date, lang);
  return first === last ? first : `${first} – ${last}`;
}

export function EventCard({ summary }: { summary: EventSummary }) {
  const t = useMessages(myEventsMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const status = summaryStatus(summary);
  const statusText = { open: t.statusOpen, final: t.statusFinal, past: t.statusPast }[status];
  const when = summary.final ? t.finalOn(formatRange(summary.final.start, summary.final.end, zone, lang)) : (spanText(summary, zone, lang) ?? t.noDates);
  return (
    <li>
      <Link to={`/e/${summary.id}`} className={`event-card card status-${status}`}>
        <span className="spread">
          <strong className="event-card-title">{summary.title}</strong>
          <span className={`badge badge-${status}`}>{statusText}</span>
        </span>
        <span className="event-card-when">{when}</span>
        <span className="muted small">
          {t.counts(summary.slotCount, summary.placeCount)} · {t.by(summary.organizer.name)}
        </span>
      </Link>
    </li>
  );
}
