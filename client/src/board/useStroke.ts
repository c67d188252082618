// One painting stroke on the grid. Like When2meet, the first cell decides what the stroke does:
// starting on a cell that already has the tool's answer wipes, anything else pours the tool's
// answer; the stroke covers the rectangle between its first and current cell.
//
// The stroke is shown at once and sent while it is being painted, so friends watch it grow:
// every STROKE_SEND_MS at most, a partial `answers` message with only the cells that changed
// since the last one. When the drag turns round, the cells the rectangle gives back are sent
// with the answers they had before the stroke. Release sends the rest.
import { useCallback, useEffect, useRef, useState } from 'react';
import { slotAt, slotsInRect, type CellPosition, type GridLayout } from '../lib/grid';
import type { Answer } from '../lib';

export type Cells = Record<string, Answer | null>;

interface Stroke {
  anchor: CellPosition;
  current: CellPosition;
  /** What the stroke pours; null wipes. */
  answer: Answer | null;
}

/** How often a stroke in progress is sent, at most (a blink, and a dozen messages a second). */
export const STROKE_SEND_MS = 80;

/** What a stroke in progress has changed so far, against the answers it started from. */
interface Sending {
  base: Record<string, Answer>;
  sent: Cells;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface StrokeOptions {
  layout: GridLayout;
  mine: Record<string, Answer>;
  tool: Answer;
  enabled: boolean;
  onCommit(cells: Cells): void;
}

/** Only the cells whose answer would change. */
export function strokeCells(ids: readonly string[], answer: Answer | null, mine: Record<string, Answer>): Cells {
  const cells: Cells = {};
  for (const id of ids) if ((mine[id] ?? null) !== answer) cells[id] = answer;
  return cells;
}

/**
 * The message that brings the server from what was `sent` of this stroke to its `target` (both
 * relative to `base`, the answers before the stroke): new or changed cells, and the cells the
 * stroke gave back restored to their `base` answers.
 */
export function strokeDelta(target: Cells, sent: Cells, base: Record<string, Answer>): Cells {
  const delta: Cells = {};
  for (const [id, answer] of Object.entries(target)) if (sent[id] !== answer) delta[id] = answer;
  for (const id of Object.keys(sent)) if (!(id in target)) delta[id] = base[id] ?? null;
  return delta;
}

export function useStroke({ layout, mine, tool, enabled, onCommit }: StrokeOptions) {
  const stroke = useRef<Stroke | null>(null);
  const sending = useRef<Sending | null>(null);
  const [preview, setPreview] = useState<Stroke | null>(null);
  // A finished stroke stays on screen until the cache's answers (`mine`) change to include it:
  // the query cache tells its readers a moment later, and the cells must not blink back meanwhile.
  const [settled, setSettled] = useState<{ cells: Cells; over: Record<string, Answer> } | null>(null);
  const landed = settled !== null && settled.over !== mine;

  const begin = useCallback(
    (at: CellPosition) => {
      const id = slotAt(layout, at);
      if (!enabled || !id) return false;
      stroke.current = { anchor: at, current: at, answer: mine[id] === tool ? null : tool };
      sending.current = { base: mine, sent: {}, timer: null };
      setPreview(stroke.current);
      return true;
    },
    [layout, mine, tool, enabled],
  );

  /** Sends what the stroke changed since the last send; returns what was sent. */
  const flush = useCallback((): Cells => {
    const s = stroke.current;
    const out = sending.current;
    if (!s || !out) return {};
    if (out.timer) clearTimeout(out.timer);
    out.timer = null;
    const target = strokeCells(slotsInRect(layout, s.anchor, s.current), s.answer, out.base);
    const delta = strokeDelta(target, out.sent, out.base);
    out.sent = target;
    if (Object.keys(delta).length) onCommit(delta);
    return delta;
  }, [layout, onCommit]);

  const extend = useCallback(
    (at: CellPosition) => {
      const s = stroke.current;
      if (!s || (s.current.row === at.row && s.current.col === at.col)) return;
      stroke.current = { ...s, current: at };
      setPreview(stroke.current);
      const out = sending.current;
      if (out && !out.timer) out.timer = setTimeout(flush, STROKE_SEND_MS);
    },
    [flush],
  );

  const finish = useCallback(() => {
    const s = stroke.current;
    const last = s ? flush() : {};
    stroke.current = null;
    sending.current = null;
    setPreview(null);
    // Keep showing what the last message carried until the cache has it.
    if (Object.keys(last).length) setSettled({ cells: last, over: mine });
  }, [flush, mine]);

  // A cancelled stroke (the pointer was taken away) keeps what was already sent: what the
  // friends saw is what was stored.
  const cancel = useCallback(() => {
    if (sending.current?.timer) clearTimeout(sending.current.timer);
    stroke.current = null;
    sending.current = null;
    setPreview(null);
  }, []);

  useEffect(() => () => {
    if (sending.current?.timer) clearTimeout(sending.current.timer);
  }, []);

  /** The keyboard's one-cell stroke. */
  const paintOne = useCallback(
    (at: CellPosition) => {
      if (begin(at)) finish();
    },
    [begin, finish],
  );

  /** The answer a cell shows while the stroke is in progress (or landing), or undefined outside it. */
  const previewOf = useCallback(
    (at: CellPosition): Answer | null | undefined => {
      if (!preview) {
        const id = settled && !landed ? slotAt(layout, at) : null;
        return id && settled && id in settled.cells ? settled.cells[id] : undefined;
      }
      const { anchor, current } = preview;
      const inside =
        at.row >= Math.min(anchor.row, current.row) &&
        at.row <= Math.max(anchor.row, current.row) &&
        at.col >= Math.min(anchor.col, current.col) &&
        at.col <= Math.max(anchor.col, current.col);
      return inside ? preview.answer : undefined;
    },
    [preview, settled, landed, layout],
  );

  return { begin, extend, finish, cancel, paintOne, previewOf, painting: preview !== null };
}
