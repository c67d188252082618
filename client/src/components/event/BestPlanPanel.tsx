import { useMemo } from 'react';
import { useLang, useMessages } from '../../i18n';
import { panelMessages } from '../../i18n/messages/panels';
import { displayNames, plansOf, viewerZone, type Event, type Plan } from '../../lib';
import { rangeParts } from './slotText';

const SHOWN = 5;

interface BestPlanPanelProps {
  event: Event;
  /** The organiser can lock a ranked plan straight from here. */
  onPick?: (plan: Plan) => void;
}

/** Whole evenings with a place, best first: the server's `tally.plans`, kept live on the client. */
export function BestPlanPanel({ event, onPick }: BestPlanPanelProps) {
  const t = useMessages(panelMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const ranked = useMemo(() => plansOf(event).slice(0, SHOWN), [event]);
  const names = useMemo(() => displayNames(event.participants), [event.participants]);
  const placeById = useMemo(() => new Map(event.places.map((p) => [p.id, p])), [event.places]);
  // "No answers yet" only when that is true: a board full of times with no place votes has
  // answers, just no whole plan.
  const answeredTimes = event.participants.some((p) => Object.keys(p.answers.slots).length > 0);
  const answeredPlaces = event.participants.some((p) => Object.keys(p.answers.places).length > 0);
  const whyEmpty = !answeredTimes && !answeredPlaces ? t.bestEmpty : event.places.length && !answeredPlaces ? t.bestNeedsPlace : t.bestNobodyFits;

  return (
    <section className="panel best-panel" aria-labelledby="best-title" data-testid="best-plan">
      <h2 id="best-title">{t.bestTitle}</h2>
      {!event.slots.length ? (
        <p className="empty">{t.bestNoSlots}</p>
      ) : !ranked.length ? (
        <p className="empty">
          <span className="empty-emoji" aria-hidden="true">
            🫗
          </span>
          {whyEmpty}
        </p>
      ) : (
        <>
          <p className="muted small">{t.bestLead}</p>
          <ol className="best-list">
            {ranked.map((plan, i) => {
              const place = plan.placeId ? placeById.get(plan.placeId) : null;
              const when = rangeParts(event, plan, zone, lang);
              const who = [...plan.yes, ...plan.maybe].map((id) => names.get(id) ?? id).join(', ');
              return (
                <li
                  key={`${plan.slotIds.join('+')}|${plan.placeId}`}
                  className={`best-row${i === 0 ? ' best-row-top' : ''}`}
                  data-testid="best-plan-row"
                  data-slot-ids={plan.slotIds.join(' ')}
                  data-score={plan.score}
                >
                  <span className="best-rank" aria-label={t.rank(i + 1)}>
                    {i === 0 ? '🏆' : i + 1}
                  </span>
                  <span className="best-text">
                    <strong className="best-when">
                      <span className="nowrap">{when.day}</span>
                      {when.hours && <span className="nowrap">{when.hours}</span>}
                    </strong>
                    <span>{place ? place.name : t.anyPlace}</span>
                    <span className="best-crew" data-testid="best-plan-crew">
                      {t.crew(plan.yes.length, plan.maybe.length)}
                    </span>
                    <span className="muted small">{t.crewNames(who)}</span>
                  </span>
                  {onPick && (
                    <button type="button" className="btn btn-small" onClick={() => onPick(plan)}>
                      {t.pickThis}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
