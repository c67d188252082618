// Doodle-style voting for events with explicit options: one row per slot with yes / if-need-be /
// no buttons, the counts and the names. Pressing your current answer again takes it back.
import { useLang, useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { formatRange } from '../lib/time';
import { ANSWERS, type Answer, type Event, type SlotTally } from '../lib';
import type { Cells } from './useStroke';

export interface OptionListProps {
  event: Event;
  zone: string;
  mine: Record<string, Answer>;
  tallies: Map<string, SlotTally>;
  canPaint: boolean;
  /** The leading slots while answers are open; the plan's slot once it is locked. */
  best: Set<string>;
  finalSlots: ReadonlySet<string>;
  /** Display names by participant id (same-name people told apart). */
  names: ReadonlyMap<string, string>;
  onCommit(cells: Cells): void;
  onSelect(slotId: string): void;
}

export function OptionList({ event, zone, mine, tallies, canPaint, best, finalSlots, names, onCommit, onSelect }: OptionListProps) {
  const t = useMessages(boardMessages);
  const { lang } = useLang();
  const slots = [...event.slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return (
    <ul className="board-options">
      {slots.map((slot) => {
        const tally = tallies.get(slot.id);
        const time = formatRange(slot.start, slot.end, zone, lang);
        const answer = mine[slot.id];
        return (
          <li
            key={slot.id}
            className="board-option"
            data-slot-id={slot.id}
            data-answer={answer ?? ''}
            data-yes-count={tally?.yes.length ?? 0}
            data-maybe-count={tally?.maybe.length ?? 0}
            data-best={best.has(slot.id) || undefined}
            data-final={finalSlots.has(slot.id) || undefined}
            onPointerEnter={() => onSelect(slot.id)}
            onFocus={() => onSelect(slot.id)}
          >
            <div className="board-option__time">
              {time}
              {finalSlots.has(slot.id) ? <span className="board-option__badge">🥂 {t.finalMark}</span> : best.has(slot.id) && <span className="board-option__badge">★ {t.bestMark}</span>}
            </div>
            <div className="board-option__answers" role="group" aria-label={time}>
              {ANSWERS.map((a) => (
                <button
                  key={a}
                  type="button"
                  className={`board-answer board-answer--${a}`}
                  aria-pressed={answer === a}
                  aria-label={t.answerFor(t[a], time)}
                  disabled={!canPaint}
                  onClick={() => onCommit({ [slot.id]: answer === a ? null : a })}
                >
                  {t[a]}
                </button>
              ))}
            </div>
            <div className="board-option__tally">
              <span className="board-muted">{t.counts(tally?.yes.length ?? 0, tally?.maybe.length ?? 0)}</span>
              {tally && tally.yesIds.length + tally.maybeIds.length > 0 && (
                <span className="board-option__names">
                  {[...tally.yesIds.map((id) => names.get(id) ?? id), ...tally.maybeIds.map((id) => t.maybeName(names.get(id) ?? id))].join(', ')}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
