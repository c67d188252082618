import { useId, useMemo, useState } from 'react';
import { useLang, useMessages } from '../../i18n';
import { commonMessages } from '../../i18n/messages/common';
import { organizerMessages } from '../../i18n/messages/organizer';
import { useFinalize, viewerZone, type Event } from '../../lib';
import type { PlanChoice } from './planChoice';
import { slotText } from '../event/slotText';
import { Dialog } from '../ui/Dialog';
import { errorText } from '../ui/errorText';

function FinalizeForm({ event, initial, onDone }: { event: Event; initial: PlanChoice; onDone(): void }) {
  const t = useMessages(organizerMessages);
  const common = useMessages(commonMessages);
  const { lang } = useLang();
  const zone = viewerZone();
  const finalize = useFinalize(event.id);
  const [choice, setChoice] = useState(initial);
  const slotField = useId();
  const placeField = useId();
  // Slots in ranked order, so the best-liked ones sit at the top of the list.
  const slotScore = useMemo(() => new Map(event.tally.slots.map((s) => [s.slotId, s.score])), [event.tally]);
  const bestSlots = new Set(event.tally.best.slotIds);
  const bestPlaces = new Set(event.tally.best.placeIds);
  // With no answers everything ties at zero, and a trophy on every line would mean nothing.
  const anyScore = event.tally.slots.some((s) => s.score > 0);
  const slots = useMemo(
    () => [...event.slots].sort((a, b) => (slotScore.get(b.id) ?? 0) - (slotScore.get(a.id) ?? 0) || a.start.localeCompare(b.start)),
    [event.slots, slotScore],
  );

  async function confirm() {
    try {
      await finalize.mutateAsync({ slotId: choice.slotId, placeId: choice.placeId });
      onDone();
    } catch {
      // Shown below.
    }
  }

  return (
    <>
      <p className="muted">{t.finalizeLead}</p>
      <div className="field">
        <label htmlFor={slotField}>{t.finalizeSlot}</label>
        <select id={slotField} className="select" value={choice.slotId} onChange={(e) => setChoice({ ...choice, slotId: e.target.value })}>
          {slots.map((slot) => (
            <option key={slot.id} value={slot.id}>
              {bestSlots.has(slot.id) && anyScore ? '🏆 ' : ''}
              {slotText(event, slot, zone, lang)}
            </option>
          ))}
        </select>
      </div>
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
                {bestPlaces.has(place.id) && anyScore ? '🏆 ' : ''}
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

/** Opens with the best combination picked (or the one chosen in the ranking); confirming locks it. */
export function FinalizeDialog({ event, choice, onClose }: { event: Event; choice: PlanChoice | null; onClose(): void }) {
  const t = useMessages(organizerMessages);
  return (
    <Dialog open={choice !== null} title={t.finalizeTitle} onClose={onClose}>
      {choice && <FinalizeForm event={event} initial={choice} onDone={onClose} />}
    </Dialog>
  );
}
