import { useMemo } from 'react';
import { useLang, useMessages } from '../../i18n';
import { panelMessages } from '../../i18n/messages/panels';
import { rankPlans, viewerZone, type Event } from '../../lib';
import { slotText } from './slotText';

const SHOWN = 5;

interface BestPlanPanelProps {
  event: Event;
  /** The organiser can lock a ranked plan straight from here. */
  onPick?: (slotId: string, placeId: string | null) => void;
}

/** Slot × place combinations, best first, as the data layer ranks them. */
export function BestPlanPanel({ event, onPick }: BestPlanPanelProps) {
  const t = useMessages(panelMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const ranked = useMemo(() => rankPlans(event, event.tally).slice(0, SHOWN), [event]);
  const anyAnswers = event.participants.some((p) => Object.keys(p.answers.slots).length || Object.keys(p.answers.places).length);
  const slotById = useMemo(() => new Map(event.slots.map((s) => [s.id, s])), [event.slots]);
  const placeById = useMemo(() => new Map(event.places.map((p) => [p.id, p])), [event.places]);

  return (
    <section className="panel best-panel" aria-labelledby="best-title">
      <h2 id="best-title">{t.bestTitle}</h2>
      {!event.slots.length ? (
        <p className="empty">{t.bestNoSlots}</p>
      ) : !anyAnswers ? (
        <p className="empty">
          <span className="empty-emoji" aria-hidden="true">
            🫗
          </span>
          {t.bestEmpty}
        </p>
      ) : (
        <>
          <p className="muted small">{t.bestLead}</p>
          <ol className="best-list">
            {ranked.map((plan, i) => {
              const slot = slotById.get(plan.slotId);
              if (!slot) return null;
              const place = plan.placeId ? placeById.get(plan.placeId) : null;
              return (
                <li key={`${plan.slotId}|${plan.placeId}`} className={`best-row${i === 0 ? ' best-row-top' : ''}`}>
                  <span className="best-rank" aria-label={t.rank(i + 1)}>
                    {i === 0 ? '🏆' : i + 1}
                  </span>
                  <span className="best-text">
                    <strong>{slotText(event, slot, zone, lang)}</strong>
                    <span>{place ? place.name : t.anyPlace}</span>
                    {(plan.together > 0 || plan.blocked > 0) && (
                      <span className="muted small">
                        {[plan.together > 0 && t.together(plan.together), plan.blocked > 0 && t.blocked(plan.blocked)].filter(Boolean).join(' · ')}
                      </span>
                    )}
                  </span>
                  {onPick && (
                    <button type="button" className="btn btn-small" onClick={() => onPick(plan.slotId, plan.placeId)}>
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
