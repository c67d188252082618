import { describe, expect, it } from 'vitest';
import { slot } from '../testing/fixtures';
import { mergeIntervals, proposeFromBusy, slotWindow } from './busy';

describe('busy intervals', () => {
  it('joins overlapping and touching intervals and drops empty ones', () => {
    expect(
      mergeIntervals([
        { start: 50, end: 60 },
        { start: 10, end: 20 },
        { start: 20, end: 30 },
        { start: 15, end: 25 },
        { start: 40, end: 40 },
      ]),
    ).toEqual([
      { start: 10, end: 30 },
      { start: 50, end: 60 },
    ]);
  });

  it('treats a slot that only touches busy time at an edge as free', () => {
    const slots = [slot('before', '2026-12-04T17:00:00Z', 60), slot('inside', '2026-12-04T18:30:00Z', 30), slot('after', '2026-12-04T20:00:00Z', 60)];
    const busy = [{ start: Date.parse('2026-12-04T18:00:00Z'), end: Date.parse('2026-12-04T20:00:00Z') }];
    expect(proposeFromBusy(slots, busy).slots).toEqual({ before: 'yes', inside: 'no', after: 'yes' });
  });

  it('spans the slots from the first start to the last end', () => {
    expect(slotWindow([slot('a', '2026-12-05T18:00:00Z'), slot('b', '2026-12-04T18:00:00Z', 90)])).toEqual({
      start: Date.parse('2026-12-04T18:00:00Z'),
      end: Date.parse('2026-12-05T18:30:00Z'),
    });
    expect(slotWindow([])).toBeNull();
  });
});
