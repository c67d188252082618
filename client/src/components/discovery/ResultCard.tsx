import { Link } from 'react-router';
import { useLang, useMessages } from '../../i18n';
import { discoveryMessages } from '../../i18n/messages/discovery';
import { formatDay, formatInstant, formatRange, localTime, viewerZone, type EventSummary } from '../../lib';
import { useCardDetails } from '../../lib/discovery';
import { summaryStatus } from '../myEvents/eventStatus';

/** When: the locked plan, else the first candidate time (and the last day when they span several). */
function whenText(summary: EventSummary, zone: string, lang: 'en' | 'ru', t: (typeof discoveryMessages)['en']): string {
  if (summary.final) return t.finalOn(formatRange(summary.final.start, summary.final.end, zone, lang));
  if (!summary.firstStart) return t.noDates;
  const first = formatInstant(summary.firstStart, zone, lang);
  if (!summary.lastEnd) return first;
  const lastDay = formatDay(localTime(Date.parse(summary.lastEnd) - 1, zone).date, lang);
  return lastDay === formatDay(localTime(summary.firstStart, zone).date, lang) ? first : `${first} – ${lastDay}`;
}

/** One search result: title, when, where, how many answered, and whether it is public. */
export function ResultCard({ summary }: { summary: EventSummary }) {
  const t = useMessages(discoveryMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const { details, isLoading } = useCardDetails(summary);
  const status = summaryStatus(summary);
  const statusText = { open: t.statusOpen, final: t.statusFinal, past: t.statusPast }[status];
  const chosen = summary.final?.place?.name;
  const firstPlace = details?.places[0];
  const where = chosen
    ? chosen
    : firstPlace
      ? t.placeAndMore([firstPlace.name, firstPlace.address].filter(Boolean).join(', '), (details?.places.length ?? 1) - 1)
      : summary.placeCount === 0
        ? t.noPlace
        : null;

  return (
    <li>
      <Link to={`/e/${summary.id}`} className={`event-card result-card card status-${status}`} data-testid="result-card" data-event-id={summary.id}>
        <span className="spread result-card-top">
          <strong className="event-card-title">{summary.title}</strong>
          <span className="row result-badges">
            {summary.visibility === 'public' ? (
              <span className="badge badge-public" data-testid="public-badge">
                {t.publicBadge}
              </span>
            ) : (
              <span className="badge badge-past">{t.linkBadge}</span>
            )}
            <span className={`badge badge-${status}`}>{statusText}</span>
          </span>
        </span>
        <span className="event-card-when">
          <span aria-hidden="true">🕖 </span>
          {whenText(summary, zone, lang, t)}
        </span>
        {(where || isLoading) && (
          <span className="result-card-where">
            <span aria-hidden="true">📍 </span>
            {where ?? <span className="skeleton result-skeleton" aria-hidden="true" />}
          </span>
        )}
        <span className="muted small">
          {details && `${t.answered(details.participantCount)} · `}
          {t.by(summary.organizer.name)}
        </span>
      </Link>
    </li>
  );
}
