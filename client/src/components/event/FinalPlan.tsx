import { useLang, useMessages } from '../../i18n';
import { eventMessages } from '../../i18n/messages/event';
import { calendarUrl, viewerZone, zoneCity, type Event, type FinalPlan as Plan } from '../../lib';
import { googleCalendarUrl } from './googleCalendar';
import { mapLinkOf } from './mapLink';
import { eventUrl } from './shareLinks';
import { isWholeDayEvent, slotText } from './slotText';

/** The plan everyone gets once it is locked: when (in the viewer's zone), where, and the calendar. */
export function FinalPlan({ event, plan }: { event: Event; plan: Plan }) {
  const t = useMessages(eventMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  // The plan carries a copy of its place, so later edits to the place list cannot change it.
  const place = plan.place ?? event.places.find((p) => p.id === plan.placeId) ?? null;
  const mapLink = place ? mapLinkOf(place) : null;
  const location = place ? [place.name, place.address].filter(Boolean).join(', ') : undefined;
  const google = googleCalendarUrl({
    title: event.title,
    start: plan.start,
    end: plan.end,
    details: [event.description, eventUrl(event.id)].filter(Boolean).join('\n\n'),
    location,
    allDayIn: isWholeDayEvent(event) ? event.timezone : undefined,
  });

  return (
    <section className="final-plan card" data-testid="final-plan" aria-labelledby="final-title">
      <h2 id="final-title">
        <span aria-hidden="true">🥂 </span>
        {t.finalTitle}
      </h2>
      <dl className="final-facts">
        <div>
          <dt>{t.finalWhen}</dt>
          <dd>
            <strong>{slotText(event, plan, zone, lang)}</strong>
            {!isWholeDayEvent(event) && <span className="muted small">{t.finalZone(zoneCity(zone, lang))}</span>}
          </dd>
        </div>
        <div>
          <dt>{t.finalWhere}</dt>
          <dd>
            {place ? (
              <>
                <strong>{place.name}</strong>
                {place.address && <span className="muted">{place.address}</span>}
              </>
            ) : (
              <span>{t.finalNoPlace}</span>
            )}
          </dd>
        </div>
      </dl>
      <div className="row">
        <a className="btn btn-primary" data-testid="ics-download" href={calendarUrl(event.id)} download={`${event.id}.ics`}>
          <span aria-hidden="true">📅</span> {t.finalIcs}
        </a>
        <a className="btn" href={google} target="_blank" rel="noopener noreferrer">
          {t.finalGoogle}
        </a>
        {mapLink && (
          <a className="btn" href={mapLink} target="_blank" rel="noopener noreferrer">
            <span aria-hidden="true">🗺️</span> {t.finalMap}
          </a>
        )}
      </div>
    </section>
  );
}
