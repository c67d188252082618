import { describe, expect, it } from 'vitest';
import { firstCell, isWholeDayGrid, layoutGrid, moveFocus, quietestDayStart, slotAt, slotsInRect, type GridLayout } from './grid';
import type { Slot } from './types';

/** Slots as the server expands them (checked against `prost serve`): `step` minutes from each UTC start. */
function slots(starts: string[], step = 60): Slot[] {
  return starts.map((start, i) => ({
    id: `s${i + 1}`,
    start,
    end: new Date(Date.parse(start) + step * 60_000).toISOString(),
  }));
}

/** The layout as text, one line per row: slot ids, `.` for holes. */
const picture = (layout: GridLayout) => layout.cells.map((row) => row.map((id) => id ?? '.').join(' '));

describe('layoutGrid', () => {
  it('keeps a Berlin evening seen from Kathmandu (+05:45) in one column across local midnight', () => {
    // 18:00–20:00 Berlin (UTC+1 in December) is 22:45–00:45 in Kathmandu.
    const evening = slots(['2026-12-04T17:00:00Z', '2026-12-04T17:30:00Z', '2026-12-04T18:00:00Z', '2026-12-04T18:30:00Z',
      '2026-12-05T17:00:00Z', '2026-12-05T17:30:00Z', '2026-12-05T18:00:00Z', '2026-12-05T18:30:00Z'], 30);
    const layout = layoutGrid(evening, 'Asia/Kathmandu');
    expect(layout.dayStart).toBe(22 * 60 + 45);
    expect(layout.columns.map((c) => c.date)).toEqual(['2026-12-04', '2026-12-05']);
    expect(layout.rows.map((r) => r.offset)).toEqual([0, 30, 60, 90]);
    expect(picture(layout)).toEqual(['s1 s5', 's2 s6', 's3 s7', 's4 s8']);
  });

  it('lays the same evening out in Berlin from 18:00', () => {
    const evening = slots(['2026-12-04T17:00:00Z', '2026-12-04T17:30:00Z', '2026-12-05T17:00:00Z'], 30);
    const layout = layoutGrid(evening, 'Europe/Berlin');
    expect(layout.dayStart).toBe(18 * 60);
    expect(picture(layout)).toEqual(['s1 s3', 's2 .']);
  });

  it('leaves a hole where New York springs forward (no 02:00 on 8 March)', () => {
    // Window 00:00–04:00 on 7 and 8 March 2026, as prost expands it.
    const nights = slots(['2026-03-07T05:00:00Z', '2026-03-07T06:00:00Z', '2026-03-07T07:00:00Z', '2026-03-07T08:00:00Z',
      '2026-03-08T05:00:00Z', '2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z']);
    const layout = layoutGrid(nights, 'America/New_York');
    expect(layout.dayStart).toBe(0);
    expect(picture(layout)).toEqual(['s1 s5', 's2 s6', 's3 .', 's4 s7']);
  });

  it('gives the repeated 01:00 of a fall-back night its own row', () => {
    // Window 00:00–03:00 on 31 October and 1 November 2026: the second night has four real hours.
    const nights = slots(['2026-10-31T04:00:00Z', '2026-10-31T05:00:00Z', '2026-10-31T06:00:00Z',
      '2026-11-01T04:00:00Z', '2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z']);
    const layout = layoutGrid(nights, 'America/New_York');
    expect(layout.rows.map((r) => [r.offset, r.repeat])).toEqual([[0, 0], [60, 0], [60, 1], [120, 0]]);
    expect(picture(layout)).toEqual(['s1 s4', 's2 s5', '. s6', 's3 s7']);
  });

  it('keeps a window that crosses midnight in the event zone (20:00–02:00) in one column per evening', () => {
    const late = slots(['2026-12-04T17:00:00Z', '2026-12-04T19:00:00Z', '2026-12-04T21:00:00Z', '2026-12-04T22:00:00Z',
      '2026-12-05T17:00:00Z', '2026-12-05T22:00:00Z']);
    const layout = layoutGrid(late, 'Europe/Moscow');
    expect(layout.dayStart).toBe(20 * 60);
    expect(layout.columns.map((c) => c.date)).toEqual(['2026-12-04', '2026-12-05']);
    expect(picture(layout)).toEqual(['s1 s5', 's2 .', 's3 .', 's4 s6']);
    expect(layout.rows.map((r) => r.offset)).toEqual([0, 120, 240, 300]);
  });

  it('lays whole days out as one row of dates in the event zone, 23-hour DST day included', () => {
    const days: Slot[] = [
      { id: 's1', start: '2026-03-27T23:00:00Z', end: '2026-03-28T23:00:00Z' },
      { id: 's2', start: '2026-03-28T23:00:00Z', end: '2026-03-29T22:00:00Z' },
    ];
    const layout = layoutGrid(days, 'Europe/Berlin', { wholeDay: true });
    expect(layout.columns.map((c) => c.date)).toEqual(['2026-03-28', '2026-03-29']);
    expect(picture(layout)).toEqual(['s1 s2']);
    expect(isWholeDayGrid({ dates: ['2026-03-28'], stepMinutes: 60 })).toBe(true);
    expect(isWholeDayGrid({ dates: ['2026-03-28'], from: '18:00', to: '23:00', stepMinutes: 60 })).toBe(false);
  });

  it('maps cells to slot ids and back', () => {
    const layout = layoutGrid(slots(['2026-12-04T17:00:00Z', '2026-12-05T18:00:00Z']), 'UTC');
    expect(layout.positions.get('s2')).toEqual({ row: 1, col: 1 });
    expect(slotAt(layout, { row: 1, col: 1 })).toBe('s2');
    expect(slotAt(layout, { row: 0, col: 1 })).toBeNull();
    expect(slotAt(layout, { row: 9, col: 9 })).toBeNull();
  });
});

describe('quietestDayStart', () => {
  it('starts the day after the largest gap, and at the earliest time when every gap is equal', () => {
    expect(quietestDayStart([1200, 1260, 0, 60])).toBe(1200);
    expect(quietestDayStart(Array.from({ length: 24 }, (_, h) => ((h + 5) % 24) * 60))).toBe(0);
    expect(quietestDayStart([])).toBe(0);
  });
});

describe('strokes and keyboard focus', () => {
  const nights = layoutGrid(slots(['2026-03-07T05:00:00Z', '2026-03-07T06:00:00Z', '2026-03-07T07:00:00Z', '2026-03-07T08:00:00Z',
    '2026-03-08T05:00:00Z', '2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z']), 'America/New_York');

  it('takes every real cell in the rectangle between two cells, either way round', () => {
    expect(slotsInRect(nights, { row: 1, col: 0 }, { row: 3, col: 1 })).toEqual(['s2', 's6', 's3', 's4', 's7']);
    expect(slotsInRect(nights, { row: 3, col: 1 }, { row: 1, col: 0 })).toEqual(['s2', 's6', 's3', 's4', 's7']);
  });

  it('moves focus over holes and stays put at the edge', () => {
    expect(moveFocus(nights, { row: 1, col: 1 }, 'down')).toEqual({ row: 3, col: 1 });
    expect(moveFocus(nights, { row: 2, col: 0 }, 'right')).toEqual({ row: 2, col: 0 });
    expect(moveFocus(nights, { row: 0, col: 0 }, 'up')).toEqual({ row: 0, col: 0 });
    expect(moveFocus(nights, { row: 0, col: 0 }, 'right')).toEqual({ row: 0, col: 1 });
    expect(firstCell(nights)).toEqual({ row: 0, col: 0 });
  });
});
