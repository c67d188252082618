import { useId, useMemo, useState } from 'react';
import { useLang, useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { organizerMessages } from '../../i18n/messages/organizer';
import { panelMessages } from '../../i18n/messages/panels';
import { formatTime, plansOf, useFinalize, viewerZone, type Event } from '../../lib';
import { chainOf, runBetween, type PlanChoice } from './planChoice';
import { rangeParts, slotText } from '../event/slotText';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errorText';

const OFFERED = 5;
const sameRun = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** The ranked plans to pick from in one tap. */
function RankedPlans({ event, choice, onChoose }: { event: Event; choice: PlanChoice; onChoose(choice: PlanChoice): void }) {
  const t = useMessages(organizerMessages);
  const panel = useMessages(panelMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const name = useId();
  const plans = plansOf(event).slice(0, OFFERED);
  if (!plans.length) return null;
  return (
    <fieldset className="finalize-plans">
      <legend>{t.finalizeRanked}</legend>
      {plans.map((plan, i) => {
        const when = rangeParts(event, plan, zone, lang);
        const place = event.places.find((p) => p.id === plan.placeId);
        const checked = sameRun(plan.slotIds, choice.slotIds) && plan.placeId === choice.placeId;
        return (
          <label key={`${plan.slotIds.join('+')}|${plan.placeId}`} className="finalize-plan">
            <input
              type="radio"
              name={name}
              checked={checked}
              onChange={() => onChoose({ slotIds: plan.slotIds, placeId: plan.placeId })}
            />
            <span>
              {i === 0 && <span aria-hidden="true">🏆 </span>}
              <strong>
                {when.day}
                {when.hours ? `, ${when.hours}` : ''}
              </strong>
              {place ? ` · ${place.name}` : ''}
              <span className="muted small"> · {panel.crew(plan.yes.length, plan.maybe.length)}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

function FinalizeForm({ event, initial, onDone }: { event: Event; initial: PlanChoice; onDone(): void }) {
  const t = useMessages(organizerMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const finalize = useFinalize(event.id);
  const [choice, setChoice] = useState(initial);
  const fromField = useId();
  const untilField = useId();
  const placeField = useId();
  const chain = useMemo(() => chainOf(event, choice.slotIds), [event, choice.slotIds]);
  const firstAt = chain.findIndex((s) => s.id === choice.slotIds[0]);
  const lastAt = chain.findIndex((s) => s.id === choice.slotIds.at(-1));
  // One-slot chains (explicit options, whole days) have nothing to stretch: one time picker.
  const stretchable = chain.length > 1;
  const allSlots = useMemo(() => [...event.slots].sort((a, b) => a.start.localeCompare(b.start)), [event.slots]);

  async function confirm() {
    try {
      await finalize.mutateAsync({ slotIds: choice.slotIds, placeId: choice.placeId });
      onDone();
    } catch {
      // Shown below.
    }
  }

  return (
    <>
      <p className="muted">{t.finalizeLead}</p>
      <RankedPlans event={event} choice={choice} onChoose={setChoice} />
      {stretchable ? (
        <div className="finalize-range">
          <div className="field">
            <label htmlFor={fromField}>{t.finalizeFrom}</label>
            <select
              id={fromField}
              className="select"
              data-testid="finalize-from"
              value={firstAt}
              onChange={(e) => setChoice({ ...choice, slotIds: runBetween(chain, Number(e.target.value), Math.max(lastAt, Number(e.target.value))) })}
            >
              {chain.map((slot, i) => (
                <option key={slot.id} value={i}>
                  {formatTime(slot.start, zone, lang)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={untilField}>{t.finalizeUntil}</label>
            <select
              id={untilField}
              className="select"
              data-testid="finalize-until"
              value={lastAt}
              onChange={(e) => setChoice({ ...choice, slotIds: runBetween(chain, Math.min(firstAt, Number(e.target.value)), Number(e.target.value)) })}
            >
              {chain.map((slot, i) => (
                <option key={slot.id} value={i}>
                  {formatTime(slot.end, zone, lang)}
                </option>
              ))}
            </select>
          </div>
          <p className="muted small finalize-range-hint">{t.finalizeRangeHint}</p>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={fromField}>{t.finalizeSlot}</label>
          <select id={fromField} className="select" value={choice.slotIds[0]} onChange={(e) => setChoice({ ...choice, slotIds: [e.target.value] })}>
            {allSlots.map((slot) => (
              <option key={slot.id} value={slot.id}>
                {slotText(event, slot, zone, lang)}
              </option>
            ))}
          </select>
        </div>
      )}
      {event.places.length > 0 && (
        <div className="field">
          <label htmlFor={placeField}>{t.finalizePlace}</label>
          <select
            id={placeField}
            className="select"
            value={choice.placeId ?? ''}
            onChange={(e) => setChoice({ ...choice, placeId: e.target.value || null })}
          >
            {event.places.map((place) => (
              <option key={place.id} value={place.id}>
                {place.name}
              </option>
            ))}
            <option value="">{t.finalizeNoPlace}</option>
          </select>
        </div>
      )}
      {finalize.isError && (
        <p className="alert" role="alert">
          {errorText(finalize.error, common)}
        </p>
      )}
      <div className="row dialog-actions">
        <button type="button" className="btn" onClick={onDone}>
          {common.cancel}
        </button>
        <button type="button" className="btn btn-primary" data-testid="finalize-confirm" onClick={confirm} disabled={finalize.isPending}>
          {finalize.isPending ? t.finalizing : t.finalizeConfirm}
        </button>
      </div>
    </>
  );
}

/** Opens with the best plan picked (or the one chosen in the ranking); confirming locks the whole run. */
export function FinalizeDialog({ event, choice, onClose }: { event: Event; choice: PlanChoice | null; onClose(): void }) {
  const t = useMessages(organizerMessages);
  return (
    <Dialog open={choice !== null} title={t.finalizeTitle} onClose={onClose}>
      {choice && <FinalizeForm event={event} initial={choice} onDone={onClose} />}
    </Dialog>
  );
}
