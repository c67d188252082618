// The When2meet-style grid: day columns × time rows in the display zone. In "mine" view it paints
// (mouse, touch and pen through pointer events; keyboard through a roving focus cell); in
// "everyone" view it is the foam-level heatmap. Either way each cell carries my answer and
// everyone's counts, for people and for the end-to-end tests.
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useLang, useMessages } from '../i18n';
import { boardMessages } from '../i18n/messages/board';
import { firstCell, moveFocus, slotAt, type CellPosition, type Direction, type GridLayout } from '../lib/grid';
import { formatDay, formatRange, formatTime } from '../lib/time';
import type { Answer, Event, SlotTally } from '../lib';
import { foamLevel } from './foam';
import { useStroke, type Cells } from './useStroke';
import { useTouchScroll } from './useTouchScroll';

export type BoardView = 'mine' | 'everyone';

export interface PaintGridProps {
  event: Event;
  layout: GridLayout;
  mine: Record<string, Answer>;
  tallies: Map<string, SlotTally>;
  view: BoardView;
  tool: Answer;
  canPaint: boolean;
  /** The highlighted person's answers, to ring their cells. */
  highlight: Record<string, Answer> | null;
  /** The leading slots while answers are open (marked subtly), and the plan's slot once locked. */
  best: Set<string>;
  /** The locked plan's slots (a whole evening), empty while answers are open. */
  finalSlots: ReadonlySet<string>;
  /** My cells drawn but not confirmed by the server yet. */
  pending: ReadonlySet<string>;
  selected: string | null;
  onSelect(slotId: string): void;
  onCommit(cells: Cells): void;
}

const ARROWS: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };

function positionOf(element: Element | null): CellPosition | null {
  const cell = element?.closest<HTMLElement>('[data-row][data-col]');
  if (!cell) return null;
  return { row: Number(cell.dataset.row), col: Number(cell.dataset.col) };
}

export function PaintGrid(props: PaintGridProps) {
  const { event, layout, mine, tallies, view, tool, canPaint, highlight, best, finalSlots, pending, selected, onSelect, onCommit } = props;
  const { lang } = useLang();
  const t = useMessages(boardMessages);
  const painting = view === 'mine' && canPaint;
  const stroke = useStroke({ layout, mine, tool, enabled: painting, onCommit });
  const scroller = useRef<HTMLDivElement>(null);
  const touch = useTouchScroll(scroller);
  const [focus, setFocus] = useState<CellPosition | null>(null);
  const focused = focus && slotAt(layout, focus) ? focus : firstCell(layout);
  const slots = new Map(event.slots.map((s) => [s.id, s]));
  const people = event.participants.length;

  const select = (at: CellPosition | null) => {
    const id = at && slotAt(layout, at);
    if (id) onSelect(id);
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    // A second finger turns the gesture into a scroll: whatever the first one began is dropped.
    if (touch.down(e)) {
      stroke.cancel();
      return;
    }
    const at = positionOf(e.target as Element);
    if (!at || e.button > 0) return;
    select(at);
    setFocus(at);
    if (stroke.begin(at)) {
      // Keep receiving moves when the finger leaves the cell, and stop the browser from
      // starting a text selection or a drag of its own.
      e.preventDefault();
      try {
        e.currentTarget.setPointerCapture(e.pointerId);
      } catch {
        // Some environments (and synthetic events) have no capture; moves still arrive per cell.
      }
    }
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (touch.move(e)) return;
    if (!stroke.painting) {
      if (e.pointerType === 'mouse') select(positionOf(e.target as Element));
      return;
    }
    // With capture the target stays the grid; the element under the finger is what counts.
    const under = typeof document.elementFromPoint === 'function' ? document.elementFromPoint(e.clientX, e.clientY) : null;
    const at = positionOf(under) ?? positionOf(e.target as Element);
    if (at && slotAt(layout, at)) stroke.extend(at);
    touch.nudgeAtEdge(e.clientX);
  };

  const onPointerEnd = (e: PointerEvent<HTMLDivElement>, how: 'finish' | 'cancel') => {
    if (touch.up(e)) return;
    stroke[how]();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!focused) return;
    const direction = ARROWS[e.key];
    let next: CellPosition | null = null;
    if (direction) next = moveFocus(layout, focused, direction);
    // Shift+arrows grow a range from where the keys started, like a selection in a spreadsheet.
    if (next && e.shiftKey && painting && slotAt(layout, next)) {
      if (!stroke.painting) stroke.begin(focused);
      stroke.extend(next);
    }
    else if (e.key === 'Home') next = { row: focused.row, col: 0 };
    else if (e.key === 'End') next = { row: focused.row, col: layout.columns.length - 1 };
    if (next) {
      e.preventDefault();
      if (!slotAt(layout, next)) return;
      setFocus(next);
      select(next);
      e.currentTarget.querySelector<HTMLElement>(`[data-row="${next.row}"][data-col="${next.col}"]`)?.focus();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      select(focused);
      if (painting) stroke.paintOne(focused);
    }
  };

  return (
    <>
      {touch.wide && (
        <p className="board-muted board-wide-hint" data-testid="wide-hint">
          <span aria-hidden="true">↔ </span>
          {t.wideHint}
        </p>
      )}
      <div className="board-scroll" ref={scroller}>
        <div
          role="grid"
          aria-label={t.gridLabel(event.title)}
          aria-readonly={!painting}
          className={`board-grid board-grid--${view}`}
          style={{ gridTemplateColumns: `auto repeat(${layout.columns.length}, minmax(var(--board-cell-w), 1fr))` }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(e) => onPointerEnd(e, 'finish')}
          onPointerCancel={(e) => onPointerEnd(e, 'cancel')}
          onKeyDown={onKeyDown}
          onKeyUp={(e) => {
            if (e.key === 'Shift' && stroke.painting) stroke.finish();
          }}
          onBlur={(e) => {
            // Focus moving from cell to cell is not leaving the grid.
            if (stroke.painting && !e.currentTarget.contains(e.relatedTarget as Node | null)) stroke.finish();
          }}
        >
          <div role="row" className="board-row">
            <div role="columnheader" className="board-corner">
              <span className="visually-hidden">{t.cornerHeader}</span>
            </div>
            {layout.columns.map((c) => (
              <div role="columnheader" key={c.date} className="board-day">
                {formatDay(c.date, lang)}
              </div>
            ))}
          </div>
          {layout.rows.map((row, r) => {
            const sample = slots.get(row.sampleSlotId);
            return (
              <div role="row" key={`${row.offset}#${row.repeat}`} className="board-row">
                <div role="rowheader" className="board-time" title={row.repeat ? t.repeatHour : undefined}>
                  {layout.wholeDay ? t.allDay : sample ? formatTime(sample.start, layout.zone, lang) : ''}
                  {row.repeat ? ' ↺' : ''}
                </div>
                {layout.columns.map((column, c) => {
                  const id = layout.cells[r]?.[c];
                  const slot = id ? slots.get(id) : undefined;
                  if (!id || !slot) return <div key={column.date} className="board-hole" aria-hidden="true" />;
                  const at = { row: r, col: c };
                  const previewed = stroke.previewOf(at);
                  const answer = previewed === undefined ? mine[id] : previewed;
                  const tally = tallies.get(id);
                  const yes = tally?.yes.length ?? 0;
                  const maybe = tally?.maybe.length ?? 0;
                  const time = layout.wholeDay ? formatDay(column.date, lang, 'long') : formatRange(slot.start, slot.end, layout.zone, lang);
                  const mineText = t.yourAnswer(answer ? t[answer] : t.noAnswer);
                  const isFinal = finalSlots.has(id);
                  const isBest = !isFinal && best.has(id);
                  const mark = isFinal ? `; ${t.finalMark}` : isBest ? `; ${t.bestMark}` : '';
                  return (
                    <div
                      role="gridcell"
                      key={id}
                      className="board-cell"
                      tabIndex={focused?.row === r && focused?.col === c ? 0 : -1}
                      aria-selected={selected === id}
                      aria-label={`${time}: ${mineText}; ${t.counts(yes, maybe)}${mark}`}
                      data-slot-id={id}
                      data-row={r}
                      data-col={c}
                      data-answer={answer ?? ''}
                      data-yes-count={yes}
                      data-maybe-count={maybe}
                      data-foam={foamLevel(tally, people)}
                      data-highlight={highlight?.[id] ?? undefined}
                      data-previewing={previewed !== undefined || undefined}
                      data-best={isBest || undefined}
                      data-final={isFinal || undefined}
                      data-pending={pending.has(id) || undefined}
                    >
                      {(isFinal || isBest) && <span className="board-cell__mark" aria-hidden="true" />}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
