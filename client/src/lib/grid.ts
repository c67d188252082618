// When2meet-style geometry: slots laid out as day columns × time rows in a display zone.
//
// A column is not simply "the local date of the slot": an evening window of 20:00–02:00, or a
// Moscow evening seen from Kathmandu (22:30–03:30), would split across two columns at midnight.
// Instead each column starts at the quietest moment of the day (`dayStart`, the end of the largest
// gap between slot start times) so one evening stays one column, with times after midnight
// continuing below. DST leaves holes (a spring-forward hour) or repeats (a fall-back hour) in a
// column; repeated times get their own row.
import { addDays, localTime, type DateKey } from './time';
import type { GridSpec, Slot } from './types';

const DAY_MINUTES = 1440;

export interface GridColumn {
  /** The (shifted) local date the column stands for. */
  date: DateKey;
}

export interface GridRow {
  /** Minutes after the column's start (`dayStart`); may exceed a day's worth only through repeats. */
  offset: number;
  /** 0 normally; 1 for the second occurrence of a local time (a fall-back DST hour). */
  repeat: number;
  /** A slot in this row, to label it with its time. */
  sampleSlotId: string;
}

export interface CellPosition {
  row: number;
  col: number;
}

export interface GridLayout {
  zone: string;
  /** Whole-day slots: one row, one column per day. */
  wholeDay: boolean;
  /** Local minute of day at which columns begin. */
  dayStart: number;
  columns: GridColumn[];
  rows: GridRow[];
  /** `cells[row][col]`: the slot id there, or null for a hole. */
  cells: (string | null)[][];
  positions: Map<string, CellPosition>;
}

/**
 * Where the day should begin so no run of slots is cut: the start minute that follows the largest
 * circular gap between distinct start minutes. On a tie (a 24-hour grid) the earliest minute wins.
 */
export function quietestDayStart(minutes: readonly number[]): number {
  const distinct = [...new Set(minutes)].sort((a, b) => a - b);
  if (distinct.length === 0) return 0;
  let bestStart = distinct[0] ?? 0;
  let bestGap = -1;
  distinct.forEach((minute, i) => {
    const previous = i === 0 ? (distinct[distinct.length - 1] ?? 0) - DAY_MINUTES : (distinct[i - 1] ?? 0);
    const gap = minute - previous;
    if (gap > bestGap) {
      bestGap = gap;
      bestStart = minute;
    }
  });
  return bestStart;
}

/** Whole-day grids are days, not times: they are laid out in the event's own zone whatever the display zone. */
export function isWholeDayGrid(grid: GridSpec | null | undefined): boolean {
  return !!grid && !grid.from && !grid.to;
}

interface Placed {
  id: string;
  date: DateKey;
  offset: number;
  repeat: number;
}

export function layoutGrid(slots: readonly Slot[], zone: string, options: { wholeDay?: boolean } = {}): GridLayout {
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const local = sorted.map((s) => ({ id: s.id, ...localTime(s.start, zone) }));
  const wholeDay = !!options.wholeDay;
  const dayStart = wholeDay ? 0 : quietestDayStart(local.map((l) => l.minute));

  const placed: Placed[] = [];
  const seen = new Map<string, number>();
  for (const l of local) {
    let offset = l.minute - dayStart;
    let date = l.date;
    if (offset < 0) {
      offset += DAY_MINUTES;
      date = addDays(date, -1);
    }
    if (wholeDay) offset = 0;
    // Sorted by instant, so the first of two equal wall-clock times is the earlier one.
    const key = `${date}|${offset}`;
    const repeat = seen.get(key) ?? 0;
    seen.set(key, repeat + 1);
    placed.push({ id: l.id, date, offset, repeat });
  }

  const dates = [...new Set(placed.map((p) => p.date))].sort();
  const rowKey = (p: { offset: number; repeat: number }) => `${p.offset}#${p.repeat}`;
  const rowSample = new Map<string, Placed>();
  for (const p of placed) if (!rowSample.has(rowKey(p))) rowSample.set(rowKey(p), p);
  const rows: GridRow[] = [...rowSample.values()]
    .sort((a, b) => a.offset - b.offset || a.repeat - b.repeat)
    .map((p) => ({ offset: p.offset, repeat: p.repeat, sampleSlotId: p.id }));

  const rowIndex = new Map(rows.map((r, i) => [rowKey(r), i]));
  const colIndex = new Map(dates.map((d, i) => [d, i]));
  const cells: (string | null)[][] = rows.map(() => dates.map(() => null));
  const positions = new Map<string, CellPosition>();
  for (const p of placed) {
    const row = rowIndex.get(rowKey(p)) ?? 0;
    const col = colIndex.get(p.date) ?? 0;
    const line = cells[row];
    if (line) line[col] = p.id;
    positions.set(p.id, { row, col });
  }
  return { zone, wholeDay, dayStart, columns: dates.map((date) => ({ date })), rows, cells, positions };
}

export function slotAt(layout: GridLayout, at: CellPosition): string | null {
  return layout.cells[at.row]?.[at.col] ?? null;
}

/** Every slot in the rectangle spanned by two cells (a drag stroke), holes skipped. */
export function slotsInRect(layout: GridLayout, a: CellPosition, b: CellPosition): string[] {
  const ids: string[] = [];
  for (let row = Math.min(a.row, b.row); row <= Math.max(a.row, b.row); row++) {
    for (let col = Math.min(a.col, b.col); col <= Math.max(a.col, b.col); col++) {
      const id = slotAt(layout, { row, col });
      if (id) ids.push(id);
    }
  }
  return ids;
}

export type Direction = 'up' | 'down' | 'left' | 'right';
const STEP: Record<Direction, [number, number]> = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] };

/** The nearest real cell from `from` in a direction, jumping over holes; `from` itself at the edge. */
export function moveFocus(layout: GridLayout, from: CellPosition, direction: Direction): CellPosition {
  const [dr, dc] = STEP[direction];
  let row = from.row + dr;
  let col = from.col + dc;
  while (row >= 0 && col >= 0 && row < layout.rows.length && col < layout.columns.length) {
    if (slotAt(layout, { row, col })) return { row, col };
    row += dr;
    col += dc;
  }
  return from;
}

/** The first real cell, reading row by row: where keyboard focus starts. */
export function firstCell(layout: GridLayout): CellPosition | null {
  for (let row = 0; row < layout.rows.length; row++) {
    for (let col = 0; col < layout.columns.length; col++) if (slotAt(layout, { row, col })) return { row, col };
  }
  return null;
}
