// Who said what for one slot: the names behind yes, if-need-be and no, and who has not answered.
import { useLang, useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { formatRange } from '../lib/time';
import type { Event, SlotTally } from '../lib';
import type { ReadOnlyReason } from './readOnly';

interface SlotDetailsProps {
  event: Event;
  /** Display names by participant id: two Sashas read as two people. */
  names: ReadonlyMap<string, string>;
  slotId: string | null;
  tally: SlotTally | undefined;
  zone: string;
  /** Why answers are closed, if they are: an empty board then says so instead of inviting answers. */
  reason?: ReadOnlyReason | null;
  /** Closes the details (on a phone they rise as a bottom sheet over the grid). */
  onClose?: () => void;
}

export function SlotDetails({ event, names, slotId, tally, zone, reason = null, onClose }: SlotDetailsProps) {
  const t = useMessages(boardMessages);
  const { lang } = useLang();
  const slot = slotId ? event.slots.find((s) => s.id === slotId) : undefined;
  if (!slot || !tally) {
    const empty = reason === 'finalized' ? t.nobodyFinalized : reason === 'pastDeadline' ? t.nobodyClosed : t.nobodyYet;
    return (
      <aside className="board-details" data-testid="slot-details" aria-live="polite">
        <p className="board-muted">{event.participants.length ? t.detailsHint : empty}</p>
      </aside>
    );
  }
  // By id: a silent Sasha must not vanish because another Sasha answered.
  const answered = new Set([...tally.yesIds, ...tally.maybeIds, ...tally.noIds]);
  const silent = event.participants.map((p) => p.id).filter((id) => !answered.has(id));
  const named = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? id);
  const groups = [
    { key: 'yes', label: t.yes, names: named(tally.yesIds) },
    { key: 'maybe', label: t.maybe, names: named(tally.maybeIds) },
    { key: 'no', label: t.no, names: named(tally.noIds) },
    { key: 'none', label: t.unanswered, names: named(silent) },
  ];
  return (
    <aside className="board-details" data-testid="slot-details" data-open aria-live="polite">
      <div className="board-details__head">
        <h3 className="board-details__time">{formatRange(slot.start, slot.end, zone, lang)}</h3>
        {onClose && (
          <button type="button" className="btn btn-ghost btn-small board-details__close" onClick={onClose} aria-label={t.closeDetails}>
            <span aria-hidden="true">✕</span>
          </button>
        )}
      </div>
      <dl className="board-details__groups">
        {groups.map((g) => (
          <div key={g.key} className={`board-details__group board-details__group--${g.key}`}>
            <dt>
              {g.label} <span className="board-muted">({g.names.length})</span>
            </dt>
            <dd>{g.names.length ? g.names.join(', ') : <span className="board-muted">{t.nobodyHere}</span>}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
