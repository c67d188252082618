// One painting stroke on the grid. Like When2meet, the first cell decides what the stroke does:
// starting on a cell that already has the tool's answer wipes, anything else pours the tool's
// answer; the stroke covers the rectangle between its first and current cell.
//
// The stroke is shown at once but sent once, on release, with only the cells whose answer it
// changes. Sending per animation frame would also send cells the rectangle later gives back when
// the drag turns round (other people would see them flicker on and off), and one message per
// stroke is what the server acks and the stroke-latency bench measures.
import { useCallback, useRef, useState } from 'react';
import { slotAt, slotsInRect, type CellPosition, type GridLayout } from '../lib/grid';
import type { Answer } from '../lib';

export type Cells = Record<string, Answer | null>;

interface Stroke {
  anchor: CellPosition;
  current: CellPosition;
  /** What the stroke pours; null wipes. */
  answer: Answer | null;
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

export function useStroke({ layout, mine, tool, enabled, onCommit }: StrokeOptions) {
  const stroke = useRef<Stroke | null>(null);
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
      setPreview(stroke.current);
      return true;
    },
    [layout, mine, tool, enabled],
  );

  const extend = useCallback((at: CellPosition) => {
    const s = stroke.current;
    if (!s || (s.current.row === at.row && s.current.col === at.col)) return;
    stroke.current = { ...s, current: at };
    setPreview(stroke.current);
  }, []);

  const finish = useCallback(() => {
    const s = stroke.current;
    stroke.current = null;
    setPreview(null);
    if (!s) return;
    const cells = strokeCells(slotsInRect(layout, s.anchor, s.current), s.answer, mine);
    if (!Object.keys(cells).length) return;
    setSettled({ cells, over: mine });
    onCommit(cells);
  }, [layout, mine, onCommit]);

  const cancel = useCallback(() => {
    stroke.current = null;
    setPreview(null);
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
