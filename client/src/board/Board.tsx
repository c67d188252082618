// The shared voting board for one event: the paint grid (or the option list for explicit times),
// who said what, the people, the foam legend and the time-zone switch.
import { useCallback, useMemo, useState } from 'react';
import { useLang, useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { isWholeDayGrid, layoutGrid } from '../lib/grid';
import { formatInstant, viewerZone } from '../lib/time';
import { displayNames, useAnswerStroke, useOutbox, type Answer, type Event, type Participant } from '../lib';
import { FoamLegend } from './FoamLegend';
import { OptionList } from './OptionList';
import { PaintGrid, type BoardView } from './PaintGrid';
import { People } from './People';
import { readOnlyReason, type ReadOnlyReason } from './readOnly';
import { SlotDetails } from './SlotDetails';
import { useNow } from './useNow';
import type { Cells } from './useStroke';
import { ZoneToggle } from './ZoneToggle';
import './board.css';

export interface BoardProps {
  event: Event;
  /** This browser's participant; null when the viewer has not joined. */
  me: Participant | null;
  /** For tests and stories: a fixed "now" for the deadline check. */
  now?: number;
}

const NO_ANSWERS: Record<string, Answer> = {};

export function Board({ event, me, now: fixedNow }: BoardProps) {
  const t = useMessages(boardMessages);
  const now = useNow(event.settings.deadline, fixedNow);
  const reason = readOnlyReason(event, me, now);
  const canPaint = reason === null;

  const [showEventZone, setShowEventZone] = useState(false);
  const localZone = viewerZone();
  const zone = showEventZone ? event.timezone : localZone;
  const wholeDay = isWholeDayGrid(event.grid);
  const layout = useMemo(
    () => (event.grid ? layoutGrid(event.slots, wholeDay ? event.timezone : zone, { wholeDay }) : null),
    [event.grid, event.slots, event.timezone, zone, wholeDay],
  );
  const tallies = useMemo(() => new Map(event.tally.slots.map((s) => [s.slotId, s])), [event.tally]);
  // The leaders while answers are open (a tie at zero leads nothing); once locked, the plan's slots.
  const finalSlots = useMemo(
    () => new Set(event.status === 'finalized' && event.final ? (event.final.slotIds ?? [event.final.slotId]) : []),
    [event.status, event.final],
  );
  const names = useMemo(() => displayNames(event.participants), [event.participants]);
  const best = useMemo(
    () => (event.status === 'finalized' ? new Set<string>() : new Set(event.tally.best.slotIds.filter((id) => (tallies.get(id)?.score ?? 0) > 0))),
    [event.status, event.tally, tallies],
  );

  const [tool, setTool] = useState<Answer>('yes');
  const [chosenView, setView] = useState<BoardView | null>(null);
  // Until someone picks, people who can paint see their own answers, the rest see everyone's;
  // someone who has not joined has no answers of their own to look at.
  const view = me ? (chosenView ?? (canPaint ? 'mine' : 'everyone')) : 'everyone';
  const [selected, setSelected] = useState<string | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const highlightedAnswers = event.participants.find((p) => p.id === highlighted)?.answers.slots ?? null;
  const mine = me?.answers.slots ?? NO_ANSWERS;

  const { paint, error: saveError } = useAnswerStroke(event.id);
  const outbox = useOutbox(event.id);
  const meId = me?.id;
  const commit = useCallback(
    (cells: Cells) => {
      if (meId) paint(meId, { slots: cells });
    },
    [meId, paint],
  );

  const whoSaidWhat = (
    <>
      <SlotDetails event={event} names={names} slotId={selected} tally={selected ? tallies.get(selected) : undefined} zone={zone} reason={reason} onClose={() => setSelected(null)} />
      <People people={event.participants} names={names} highlighted={highlighted} onToggle={(id) => setHighlighted((h) => (h === id ? null : id))} />
    </>
  );

  return (
    <section className="board" aria-labelledby="board-heading">
      <header className="board-header">
        <h2 id="board-heading">{event.status === 'finalized' ? t.headingFinalized : t.heading}</h2>
        <ZoneToggle
          shown={wholeDay ? event.timezone : zone}
          other={showEventZone ? localZone : event.timezone}
          eventZone={showEventZone}
          onSwitch={() => setShowEventZone((v) => !v)}
        />
      </header>

      {reason && <ReadOnlyNote reason={reason} deadline={event.settings.deadline} zone={zone} />}
      {saveError && (
        <p role="alert" className="board-alert">
          {t.saveFailed}
        </p>
      )}
      {outbox.unsent > 0 && (
        <div role="status" className="board-alert board-alert--unsent" data-testid="unsent">
          <span>{t.unsent(outbox.unsent)}</span>
          <button type="button" className="btn btn-small" data-testid="unsent-retry" onClick={outbox.retry}>
            {t.retry}
          </button>
        </div>
      )}

      {event.slots.length === 0 ? (
        <p className="board-empty">{t.noSlots}</p>
      ) : layout ? (
        <>
          <div className="board-toolbar">
            {me && (
              <div className="board-segment" role="group" aria-label={t.heading}>
                {(['mine', 'everyone'] as const).map((v) => (
                  <button key={v} type="button" className="board-chip" aria-pressed={view === v} onClick={() => setView(v)}>
                    {v === 'mine' ? t.viewMine : t.viewEveryone}
                  </button>
                ))}
              </div>
            )}
            {canPaint && view === 'mine' && (
              <div className="board-segment" role="group" aria-label={t.paintHint}>
                <button type="button" className="board-chip board-chip--yes" data-testid="paint-yes" aria-pressed={tool === 'yes'} onClick={() => setTool('yes')}>
                  {t.paintYes}
                </button>
                <button type="button" className="board-chip board-chip--maybe" data-testid="paint-maybe" aria-pressed={tool === 'maybe'} onClick={() => setTool('maybe')}>
                  {t.paintMaybe}
                </button>
              </div>
            )}
          </div>
          {canPaint && view === 'mine' && (
            <p className="board-muted board-hint">
              {t.paintHint} {t.keyboardHint}
            </p>
          )}
          <div className="board-body">
            <PaintGrid
              event={event}
              layout={layout}
              mine={mine}
              tallies={tallies}
              view={view}
              tool={tool}
              canPaint={canPaint}
              highlight={highlightedAnswers}
              best={best}
              finalSlots={finalSlots}
              pending={outbox.pendingSlots}
              selected={selected}
              onSelect={setSelected}
              onCommit={commit}
            />
            <div className="board-side">
              <FoamLegend people={event.participants.length} best={best.size > 0} final={finalSlots.size > 0} />
              {whoSaidWhat}
            </div>
          </div>
        </>
      ) : (
        <div className="board-body">
          <OptionList
            event={event}
            zone={zone}
            mine={mine}
            tallies={tallies}
            canPaint={canPaint}
            best={best}
            finalSlots={finalSlots}
            names={names}
            onCommit={commit}
            onSelect={setSelected}
          />
          <div className="board-side">{whoSaidWhat}</div>
        </div>
      )}
    </section>
  );
}

function ReadOnlyNote({ reason, deadline, zone }: { reason: ReadOnlyReason; deadline: string | null | undefined; zone: string }) {
  const t = useMessages(boardMessages);
  const { lang } = useLang();
  const text =
    reason === 'notJoined'
      ? t.readOnlyNotJoined
      : reason === 'finalized'
        ? t.readOnlyFinalized
        : t.readOnlyDeadline(deadline ? formatInstant(deadline, zone, lang) : '');
  return (
    <p className="board-note" role="status" data-reason={reason}>
      {text}
    </p>
  );
}
