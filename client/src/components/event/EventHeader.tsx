import type { ReactNode } from 'react';
import { useNow } from '../../board/useNow';
import { useLang, useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import { formatDay, localTime, viewerZone, formatInstant, type Event } from '../../lib';

/** "3 time options, Fri 4 Dec – Sun 6 Dec · 2 places · voting closes Thu 3 Dec, 20:00". */
function useSummary(event: Event): string {
  const t = useMessages(eventMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const deadline = event.settings.deadline;
  const now = useNow(deadline);
  const parts: string[] = [];
  if (event.slots.length) {
    const starts = event.slots.map((s) => s.start).sort();
    const ends = event.slots.map((s) => s.end).sort();
    const first = formatDay(localTime(starts[0]!, zone).date, lang);
    const last = formatDay(localTime(Date.parse(ends.at(-1)!) - 1, zone).date, lang);
    parts.push(`${t.summaryTimes(event.slots.length)}, ${first === last ? first : `${first} – ${last}`}`);
  }
  parts.push(event.places.length ? t.summaryPlaces(event.places.length) : t.summaryNoPlaces);
  if (deadline) parts.push(Date.parse(deadline) <= now ? t.summaryClosed : t.summaryDeadline(formatInstant(deadline, zone, lang)));
  return parts.join(' · ');
}

/** Title, description, organiser and the when/where summary; `aside` holds live status and sharing. */
export function EventHeader({ event, aside }: { event: Event; aside: ReactNode }) {
  const t = useMessages(eventMessages);
  const summary = useSummary(event);
  return (
    <header className="event-header">
      <div className="event-header-main">
        <p className="event-organizer muted">{t.pouredBy(event.organizer.name)}</p>
        <h1 className="event-title">{event.title}</h1>
        {event.description && <p className="event-description">{event.description}</p>}
        {!event.final && <p className="event-summary">{summary}</p>}
      </div>
      <div className="event-header-aside">{aside}</div>
    </header>
  );
}
